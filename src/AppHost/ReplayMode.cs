using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using TeslaSync.AppHost.Hosting;

namespace TeslaSync.AppHost;

/// <summary>
/// Replay mode: the whole system lives through a stored day at a chosen speed, so a user can watch
/// an evening like the SA1 price spike of 2026-01-18 happen in minutes.
/// <code>dotnet run --project src/AppHost -- --Replay:File=day.json [--Replay:Speed=60] [--Replay:From=17:00]</code>
/// The simulator serves the day's prices on its date, and every process (simulator included) runs on
/// one clock: <c>Clock:Start</c> = the day at <see cref="From"/> NEM time, <c>Clock:Anchor</c> = the
/// AppHost's start, <c>Clock:Speed</c> (see TeslaSync.Domain.Time.ClockSettings). Demo mode only, so
/// a replay never touches a real Powerwall, and with data of its own that starts empty each time.
/// </summary>
public sealed class ReplayMode
{
    public const string SectionName = "Replay";

    /// <summary>Data goes to <c>.data/replay</c> (or <c>&lt;AppHost:DataDirectory&gt;/replay</c>), emptied at start.</summary>
    public const string DataProfile = "replay";

    public const double DefaultSpeed = 60;
    public const double MaxSpeed = 3600;

    /// <summary>NEM time: AEST all year, no daylight saving; the day file's labels are in it.</summary>
    public static readonly TimeSpan NemOffset = TimeSpan.FromHours(10);

    private ReplayMode(string file, DateOnly date, TimeOnly from, double speed, DateTimeOffset anchor)
    {
        File = file;
        Date = date;
        From = from;
        Speed = speed;
        Anchor = anchor;
    }

    /// <summary>Absolute path of the day file.</summary>
    public string File { get; }

    /// <summary>The day replayed (the file's <c>"date"</c>).</summary>
    public DateOnly Date { get; }

    /// <summary>Time of day, NEM time, at which the replay starts.</summary>
    public TimeOnly From { get; }

    public double Speed { get; }

    /// <summary>The wall-clock instant at which every process's clock shows <see cref="Start"/>.</summary>
    public DateTimeOffset Anchor { get; }

    /// <summary>The simulated instant at <see cref="Anchor"/>: <see cref="Date"/> at <see cref="From"/>, +10:00.</summary>
    public DateTimeOffset Start => new(Date.ToDateTime(From), NemOffset);

    /// <summary>How long a simulated day lasts on the wall clock.</summary>
    public TimeSpan DayLasts => TimeSpan.FromDays(1) / Speed;

    /// <summary>Printed after the ready line.</summary>
    public string ReadyLine => string.Create(
        CultureInfo.InvariantCulture,
        $"Replaying {Date:yyyy-MM-dd} from {From:HH:mm} at {Speed:0.##}x: a simulated day lasts {Describe(DayLasts)}");

    /// <summary>
    /// The replay asked for by <c>Replay:File</c>, <c>Replay:Speed</c> (1..3600, default 60) and
    /// <c>Replay:From</c> (HH:mm NEM time, default 00:00), anchored at <paramref name="wallClockNow"/>;
    /// null when no <c>Replay:File</c> is given.
    /// </summary>
    /// <exception cref="AppHostException">
    /// Credentials are configured (a replay runs in demo mode only), or a setting is unusable; the
    /// message names every problem, one per line.
    /// </exception>
    public static ReplayMode? Read(IConfiguration configuration, DateTimeOffset wallClockNow)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var fileText = section["File"];
        var speedText = section["Speed"];
        var fromText = section["From"];
        if (string.IsNullOrWhiteSpace(fileText))
        {
            return string.IsNullOrWhiteSpace(speedText) && string.IsNullOrWhiteSpace(fromText)
                ? null
                : throw new AppHostException($"{SectionName}:Speed and {SectionName}:From need {SectionName}:File=<day.json>, the stored day to replay.");
        }

        var credentials = ExternalApis.CredentialKeys.Where(key => !string.IsNullOrWhiteSpace(configuration[key])).ToList();
        if (credentials.Count > 0)
        {
            throw new AppHostException(
                $"Replay mode runs only in demo mode, so that a replay never touches a real Powerwall, but {string.Join(", ", credentials)} " +
                "is configured (user secrets, environment or command line). Replay where no Amber, Tesla or Teslemetry credential is configured.");
        }

        var problems = new List<string>();
        var file = Path.GetFullPath(fileText);
        var date = ReadDate(file, problems);
        var speed = string.IsNullOrWhiteSpace(speedText) ? DefaultSpeed : ParseSpeed(speedText, problems);
        var from = string.IsNullOrWhiteSpace(fromText) ? TimeOnly.MinValue : ParseFrom(fromText, problems);
        return problems.Count == 0
            ? new ReplayMode(file, date, from, speed, wallClockNow)
            : throw new AppHostException(string.Join('\n', problems));
    }

    /// <summary>
    /// What <paramref name="resourceName"/> gets: the clock every process shares, and for the
    /// simulator the day to serve. Values are invariant; instants are ISO 8601 ("O").
    /// </summary>
    public IReadOnlyDictionary<string, string> EnvironmentFor(string resourceName)
    {
        ArgumentNullException.ThrowIfNull(resourceName);
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Clock__Start"] = Start.ToString("O", CultureInfo.InvariantCulture),
            ["Clock__Anchor"] = Anchor.ToString("O", CultureInfo.InvariantCulture),
            ["Clock__Speed"] = Speed.ToString("R", CultureInfo.InvariantCulture),
        };

        if (resourceName == ResourceNames.Simulator)
        {
            env["Simulator__Replay__File"] = File;
        }

        return env;
    }

    /// <summary>
    /// The replay's data root: <c>replay</c> under <c>AppHost:DataDirectory</c> when one is
    /// configured, else <c>.data/replay</c> in the clone. Always a folder of its own, never the demo
    /// or real data root itself, because it is emptied at every start.
    /// </summary>
    public static string DataDirectory(string? configuredDataDirectory, string repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(repositoryRoot);
        var parent = string.IsNullOrWhiteSpace(configuredDataDirectory) ? Path.Combine(repositoryRoot, ".data") : configuredDataDirectory;
        return Path.GetFullPath(Path.Combine(parent, DataProfile));
    }

    /// <summary>
    /// Deletes everything in <paramref name="directory"/> (a replay data root) and leaves it empty.
    /// Refuses anything not named <c>replay</c>, anything holding the repository, and symbolic links.
    /// </summary>
    /// <exception cref="AppHostException">It refused, or the directory could not be emptied.</exception>
    public static void EmptyDataDirectory(string directory, string repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(repositoryRoot);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var repository = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryRoot));
        if (Path.GetFileName(full) != DataProfile
            || repository == full
            || repository.StartsWith(full + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new AppHostException($"Refusing to empty {full}: a replay empties only a '{DataProfile}' data folder of its own.");
        }

        var info = new DirectoryInfo(full);
        if (info.LinkTarget is not null)
        {
            throw new AppHostException($"Refusing to empty {full}: it is a symbolic link (to {info.LinkTarget}). Remove the link; a replay keeps its data in a folder of its own.");
        }

        try
        {
            if (info.Exists)
            {
                // Recursion deletes links found inside, never what they point to.
                info.Delete(recursive: true);
            }

            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AppHostException($"Could not empty the replay data directory {full}: {e.Message}", e);
        }
    }

    /// <summary>"24 min", "2 min 24 s", "24 h": whole seconds, biggest units first.</summary>
    public static string Describe(TimeSpan duration)
    {
        var seconds = (long)Math.Round(duration.TotalSeconds, MidpointRounding.AwayFromZero);
        var parts = new List<string>();
        if (seconds >= 3600)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600} h"));
        }

        if (seconds % 3600 >= 60)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{seconds % 3600 / 60} min"));
        }

        if (seconds % 60 > 0 || parts.Count == 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{seconds % 60} s"));
        }

        return string.Join(' ', parts);
    }

    // Only the date is read here: the simulator reads the prices (TeslaSync.Simulator.Market.ReplayDay)
    // and stops the start, naming the problem, if they are unusable.
    private static DateOnly ReadDate(string file, List<string> problems)
    {
        if (!System.IO.File.Exists(file))
        {
            problems.Add($"{SectionName}:File: there is no file {file}.");
            return default;
        }

        try
        {
            using var stream = System.IO.File.OpenRead(file);
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("date", out var element)
                && element.ValueKind == JsonValueKind.String
                && DateOnly.TryParseExact(element.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            problems.Add($"{SectionName}:File: {file} has no \"date\": \"yyyy-MM-dd\"; a stored day looks like {{\"date\": \"2026-01-18\", \"SA1\": {{\"00:00\": 16.67, ...}}}}.");
        }
        catch (JsonException e)
        {
            problems.Add($"{SectionName}:File: {file} is not JSON: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{SectionName}:File: {file} cannot be read: {e.Message}");
        }

        return default;
    }

    private static double ParseSpeed(string text, List<string> problems)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var speed) && speed is >= 1 and <= MaxSpeed)
        {
            return speed;
        }

        problems.Add($"{SectionName}:Speed must be a number from 1 to {MaxSpeed} (times faster than real time); got '{text}'.");
        return DefaultSpeed;
    }

    private static TimeOnly ParseFrom(string text, List<string> problems)
    {
        if (TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
        {
            return from;
        }

        problems.Add($"{SectionName}:From must be a time of day HH:mm in NEM time (UTC+10), such as 17:00; got '{text}'.");
        return TimeOnly.MinValue;
    }
}

/// <summary>Wires <see cref="ReplayMode"/> into an AppHost.</summary>
public static class ReplayModeExtensions
{
    /// <summary>
    /// When <c>Replay:File</c> is given: every project declared so far runs on the replay's clock
    /// (call it after the last <c>AddProject</c>), the simulator serves the day, data goes to a
    /// <c>replay</c> folder emptied just before the first resource starts, and the ready line says
    /// what is replayed. A problem (credentials configured, a bad setting) stops the start before
    /// anything runs, exit code 1. Returns the replay, or null when there is none.
    /// </summary>
    public static ReplayMode? AddReplayMode(this DistributedApplicationBuilder builder, DateTimeOffset? wallClockNow = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ReplayMode? replay;
        try
        {
            replay = ReplayMode.Read(builder.Configuration, wallClockNow ?? TimeProvider.System.GetUtcNow());
        }
        catch (AppHostException e)
        {
            // One problem per line, each listed with the other prerequisites.
            foreach (var problem in e.Message.Split('\n'))
            {
                builder.AddStartupProblem(problem);
            }

            return null;
        }

        if (replay is null)
        {
            return null;
        }

        var dataDirectory = ReplayMode.DataDirectory(builder.Configuration["AppHost:DataDirectory"], builder.Metadata.RepositoryRoot);
        builder.Configuration["AppHost:DataProfile"] = ReplayMode.DataProfile;
        builder.Configuration["AppHost:DataDirectory"] = dataDirectory;
        builder.OnBeforeStart(() => ReplayMode.EmptyDataDirectory(dataDirectory, builder.Metadata.RepositoryRoot));

        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var environment = replay.EnvironmentFor(project.Name);
            builder.CreateResourceBuilder(project).WithEnvironment(env =>
            {
                foreach (var (key, value) in environment)
                {
                    env[key] = value;
                }
            });
        }

        builder.ShowWhenReady(replay.ReadyLine);
        return replay;
    }
}
