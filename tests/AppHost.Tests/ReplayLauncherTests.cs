using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TeslaSync.AppHost.Hosting;

namespace TeslaSync.AppHost.Tests;

/// <summary>
/// The real launcher (src/AppHost, every service) in replay mode, as the user runs it:
/// <c>dotnet run --project src/AppHost -- --Replay:File=... --Replay:Speed=600 --Replay:From=17:55</c>.
/// The day file is unlicensed test data, read from ../shared and never copied into the repository.
/// </summary>
public sealed class ReplayLauncherTests
{
    private static readonly TimeSpan NemOffset = TimeSpan.FromHours(10);
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Run_ReplayOfAStoredDay_EveryProcessLivesThatEveningAndCtrlCLeavesNothing()
    {
        var day = SharedFolder.Data("aemo", "helloiamdanteng_nem-dashboard", "prices", "2026-01-18.json");
        var from = new DateTimeOffset(2026, 1, 18, 17, 55, 0, NemOffset);
        const double speed = 600;
        var elapsed = Stopwatch.StartNew();

        await using var host = AppHostProcess.Start(
            RealAppHost(),
            arguments: [$"--Gateway:Port={FreePort.Next()}", $"--Replay:File={day}", "--Replay:Speed=600", "--Replay:From=17:55"]);
        await host.WaitUntilReadyAsync();
        var simulator = new Uri((string)host.ReadState()["resources"]!["simulator"]!["endpoints"]!["http"]!);
        var state = await Http.GetFromJsonAsync<JsonObject>(new Uri(simulator, "sim/state"), TestContext.Current.CancellationToken);
        var latest = from + (elapsed.Elapsed * speed);

        // The simulator runs on the replay's clock: past 17:55 on that day, no further than 600x the
        // wall-clock time since the launch (the whole evening, 17:55 to midnight, lasts 36.5 s).
        var now = DateTimeOffset.Parse((string)state!["now"]!, CultureInfo.InvariantCulture).ToOffset(NemOffset);
        Assert.True(now >= from && now <= latest, $"Simulated now {now:O} is not between {from:O} and {latest:O}.\n{host.Output}");
        Assert.True(
            DateOnly.FromDateTime(now.DateTime) == new DateOnly(2026, 1, 18),
            $"Simulated now {now:O} is past the replayed day: the launch took {elapsed.Elapsed.TotalSeconds:0} s.\n{host.Output}");
        Assert.Contains("Replaying 2026-01-18 from 17:55 at 600x: a simulated day lasts 2 min 24 s", host.Lines);

        // Its data went to the replay folder of the launcher's data directory, and nowhere else.
        var data = Path.Combine(Path.GetDirectoryName(host.StateFile)!, "data");
        Assert.Equal(["replay"], Directory.EnumerateDirectories(data).Select(d => Path.GetFileName(d)));

        // Ctrl+C: everything stops, nothing is left running.
        var children = host.Children();
        Assert.NotEmpty(children);
        host.Signal(ProcessTable.SIGINT);
        Assert.True(await host.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, host.Output);
        Assert.All(children, pid => Assert.False(ProcessTable.IsRunning(pid), $"pid {pid} survived.\n{host.Output}"));
        Assert.Empty(host.Children());
    }

    /// <summary>The launcher as built with these tests (same configuration), run from its own output folder.</summary>
    private static string RealAppHost()
    {
        var metadata = AppHostMetadata.FromAssembly(typeof(ResourceNames).Assembly);
        var path = Path.Combine(metadata.ProjectDirectory, "bin", metadata.Configuration, "net10.0", "TeslaSync.AppHost.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("The AppHost was not built with the tests.", path);
    }
}
