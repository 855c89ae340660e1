using System.Globalization;
using Microsoft.Extensions.Configuration;
using TeslaSync.AppHost.Hosting;
using TeslaSync.Domain.Time;

namespace TeslaSync.AppHost.Tests;

/// <summary>
/// Replay mode's pure parts (settings, the environment each process gets, the data directory) and
/// its wiring into a builder, in-process. Day files here are tiny ones written by the test.
/// </summary>
public sealed class ReplayModeTests : IDisposable
{
    private static readonly DateTimeOffset WallClockNow = new(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("apphost-tests-replay-");

    public ReplayModeTests()
    {
        DayFile = WriteFile("day.json", """{"date": "2026-01-18", "SA1": {"00:00": 16.67, "18:30": 20217.17}}""");
    }

    private string DayFile { get; }

    public void Dispose() => temp.Delete(recursive: true);

    [Fact]
    public void Read_NoReplayFile_NoReplay()
    {
        Assert.Null(ReplayMode.Read(Configuration(), WallClockNow));
        Assert.Null(ReplayMode.Read(Configuration(("Replay:File", " ")), WallClockNow));
    }

    [Fact]
    public void Read_DayFileOnly_WholeDayFromMidnightNemTimeAt60x()
    {
        var replay = ReplayMode.Read(Configuration(("Replay:File", DayFile)), WallClockNow)!;

        Assert.Equal(DayFile, replay.File);
        Assert.Equal(new DateOnly(2026, 1, 18), replay.Date);
        Assert.Equal(TimeOnly.MinValue, replay.From);
        Assert.Equal(60, replay.Speed);
        Assert.Equal(WallClockNow, replay.Anchor);
        Assert.Equal(DateTimeOffset.Parse("2026-01-18T00:00:00+10:00", CultureInfo.InvariantCulture), replay.Start);
        Assert.Equal(TimeSpan.FromMinutes(24), replay.DayLasts);
    }

    [Fact]
    public void Read_FromAndSpeed_StartIsThatTimeOfTheDayInNemTime()
    {
        var replay = ReplayMode.Read(Configuration(("Replay:File", DayFile), ("Replay:Speed", "600"), ("Replay:From", "17:55")), WallClockNow)!;

        Assert.Equal(600, replay.Speed);
        Assert.Equal(new TimeOnly(17, 55), replay.From);
        Assert.Equal(new DateTimeOffset(2026, 1, 18, 17, 55, 0, TimeSpan.FromHours(10)), replay.Start);
        Assert.Equal(TimeSpan.FromHours(10), replay.Start.Offset);
    }

    [Fact]
    public void Read_RelativeFile_MadeAbsolute()
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), DayFile);

        var replay = ReplayMode.Read(Configuration(("Replay:File", relative)), WallClockNow)!;

        Assert.Equal(DayFile, replay.File);
    }

    [Theory]
    [InlineData("Replay:Speed", "600")]
    [InlineData("Replay:From", "17:00")]
    public void Read_SpeedOrFromWithoutFile_SaysTheFileIsNeeded(string key, string value)
    {
        var error = Assert.Throws<AppHostException>(() => ReplayMode.Read(Configuration((key, value)), WallClockNow));

        Assert.Contains("need Replay:File=<day.json>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_NamesItsFullPath()
    {
        var missing = Path.Combine(temp.FullName, "nope.json");

        var error = Assert.Throws<AppHostException>(() => ReplayMode.Read(Configuration(("Replay:File", missing)), WallClockNow));

        Assert.Equal($"Replay:File: there is no file {missing}.", error.Message);
    }

    [Theory]
    [InlineData("not json", "is not JSON")]
    [InlineData("", "is not JSON")]
    [InlineData("""["2026-01-18"]""", "has no \"date\": \"yyyy-MM-dd\"")]
    [InlineData("""{"SA1": {"00:00": 1}}""", "has no \"date\": \"yyyy-MM-dd\"")]
    [InlineData("""{"date": "18/01/2026"}""", "has no \"date\": \"yyyy-MM-dd\"")]
    [InlineData("""{"date": 20260118}""", "has no \"date\": \"yyyy-MM-dd\"")]
    public void Read_FileWithoutADate_SaysWhatIsWrong(string content, string expected)
    {
        var file = WriteFile("bad.json", content);

        var error = Assert.Throws<AppHostException>(() => ReplayMode.Read(Configuration(("Replay:File", file)), WallClockNow));

        Assert.StartsWith($"Replay:File: {file} {expected}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.5")]
    [InlineData("3601")]
    [InlineData("-60")]
    [InlineData("fast")]
    [InlineData("NaN")]
    [InlineData("60x")]
    public void Read_SpeedOutOfRange_SaysTheRange(string speed)
    {
        var error = Assert.Throws<AppHostException>(() => ReplayMode.Read(Configuration(("Replay:File", DayFile), ("Replay:Speed", speed)), WallClockNow));

        Assert.Equal($"Replay:Speed must be a number from 1 to 3600 (times faster than real time); got '{speed}'.", error.Message);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("2.5", 2.5)]
    [InlineData("3600", 3600)]
    public void Read_SpeedInRange_Kept(string text, double expected)
    {
        Assert.Equal(expected, ReplayMode.Read(Configuration(("Replay:File", DayFile), ("Replay:Speed", text)), WallClockNow)!.Speed);
    }

    [Theory]
    [InlineData("25:00")]
    [InlineData("17:61")]
    [InlineData("5pm")]
    [InlineData("17")]
    [InlineData("2026-01-18T17:00")]
    public void Read_FromNotATimeOfDay_SaysTheFormat(string from)
    {
        var error = Assert.Throws<AppHostException>(() => ReplayMode.Read(Configuration(("Replay:File", DayFile), ("Replay:From", from)), WallClockNow));

        Assert.Equal($"Replay:From must be a time of day HH:mm in NEM time (UTC+10), such as 17:00; got '{from}'.", error.Message);
    }

    [Theory]
    [InlineData("7:05", 7, 5)]
    [InlineData("07:05", 7, 5)]
    [InlineData("23:59", 23, 59)]
    public void Read_From_HoursAndMinutes(string from, int hour, int minute)
    {
        Assert.Equal(new TimeOnly(hour, minute), ReplayMode.Read(Configuration(("Replay:File", DayFile), ("Replay:From", from)), WallClockNow)!.From);
    }

    [Fact]
    public void Read_SeveralProblems_NamesEachOnItsOwnLine()
    {
        var missing = Path.Combine(temp.FullName, "nope.json");

        var error = Assert.Throws<AppHostException>(() =>
            ReplayMode.Read(Configuration(("Replay:File", missing), ("Replay:Speed", "0"), ("Replay:From", "noon")), WallClockNow));

        var lines = error.Message.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("Replay:File:", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Replay:Speed", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("Replay:From", lines[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Amber:ApiToken")]
    [InlineData("Tesla:AccessToken")]
    [InlineData("Teslemetry:AccessToken")]
    public void Read_CredentialConfigured_RefusesNamingTheKeyButNotTheSecret(string key)
    {
        var error = Assert.Throws<AppHostException>(() =>
            ReplayMode.Read(Configuration(("Replay:File", DayFile), (key, "secret-value")), WallClockNow));

        Assert.StartsWith("Replay mode runs only in demo mode, so that a replay never touches a real Powerwall", error.Message, StringComparison.Ordinal);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CredentialsAndABadFile_OnlyTheRefusal()
    {
        var error = Assert.Throws<AppHostException>(() =>
            ReplayMode.Read(Configuration(("Replay:File", "/nonexistent/day.json"), ("Tesla:AccessToken", "t")), WallClockNow));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("demo mode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnvironmentFor_Service_TheSharedClockOnly()
    {
        var replay = ReplayMode.Read(Configuration(("Replay:File", DayFile), ("Replay:Speed", "600"), ("Replay:From", "17:55")), WallClockNow)!;

        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Clock__Anchor"] = "2026-11-24T05:00:00.0000000+00:00",
            ["Clock__Speed"] = "600",
            ["Clock__Start"] = "2026-01-18T17:55:00.0000000+10:00",
        };
        Assert.Equal(expected, replay.EnvironmentFor(ResourceNames.PriceIngest));
        Assert.Equal(expected, replay.EnvironmentFor(ResourceNames.Gateway));
    }

    [Fact]
    public void EnvironmentFor_Simulator_TheClockAndTheDayFile()
    {
        var replay = ReplayMode.Read(Configuration(("Replay:File", DayFile)), WallClockNow)!;

        var env = replay.EnvironmentFor(ResourceNames.Simulator);

        Assert.Equal(DayFile, env["Simulator__Replay__File"]);
        Assert.Equal(["Clock__Anchor", "Clock__Speed", "Clock__Start", "Simulator__Replay__File"], env.Keys);
    }

    [Fact]
    public void EnvironmentFor_AnyCulture_InvariantValuesTheServicesReadBackExactly()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var replay = ReplayMode.Read(Configuration(("Replay:File", DayFile), ("Replay:Speed", "2.5"), ("Replay:From", "17:00")), WallClockNow)!;

            var env = replay.EnvironmentFor(ResourceNames.TariffSync);
            var settings = ClockSettings.Read(key => env.GetValueOrDefault(key.Replace(":", "__", StringComparison.Ordinal)), DateTimeOffset.UnixEpoch);

            Assert.Equal("2.5", env["Clock__Speed"]);
            Assert.Equal(new ClockSettings(replay.Start, WallClockNow, 2.5), settings);
            Assert.Equal(TimeSpan.FromHours(10), settings!.Start.Offset);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData("60", "00:00", "Replaying 2026-01-18 from 00:00 at 60x: a simulated day lasts 24 min")]
    [InlineData("600", "17:55", "Replaying 2026-01-18 from 17:55 at 600x: a simulated day lasts 2 min 24 s")]
    [InlineData("3600", "7:05", "Replaying 2026-01-18 from 07:05 at 3600x: a simulated day lasts 24 s")]
    [InlineData("1", "17:00", "Replaying 2026-01-18 from 17:00 at 1x: a simulated day lasts 24 h")]
    [InlineData("2.5", "17:00", "Replaying 2026-01-18 from 17:00 at 2.5x: a simulated day lasts 9 h 36 min")]
    public void ReadyLine_SaysWhatIsReplayedAndHowLongADayLasts(string speed, string from, string expected)
    {
        var replay = ReplayMode.Read(Configuration(("Replay:File", DayFile), ("Replay:Speed", speed), ("Replay:From", from)), WallClockNow)!;

        Assert.Equal(expected, replay.ReadyLine);
    }

    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(59.6, "1 min")]
    [InlineData(3601, "1 h 1 s")]
    [InlineData(12342.857, "3 h 25 min 43 s")]
    public void Describe_WholeSecondsBiggestUnitsFirst(double seconds, string expected)
    {
        Assert.Equal(expected, ReplayMode.Describe(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void DataDirectory_NoneConfigured_ReplayProfileBesideDemo()
    {
        Assert.Equal("/repo/.data/replay", ReplayMode.DataDirectory(null, "/repo"));
        Assert.Equal("/repo/.data/replay", ReplayMode.DataDirectory(" ", "/repo/"));
    }

    [Fact]
    public void DataDirectory_Configured_AFolderOfItsOwnInside()
    {
        Assert.Equal("/srv/teslasync/replay", ReplayMode.DataDirectory("/srv/teslasync", "/repo"));
        Assert.Equal("/srv/teslasync/replay", ReplayMode.DataDirectory("/srv/teslasync/", "/repo"));
    }

    [Fact]
    public void EmptyDataDirectory_ReplayFolder_EmptiesOnlyIt()
    {
        var root = temp.CreateSubdirectory("data");
        var replay = Path.Combine(root.FullName, "replay");
        WriteFile("data/replay/tariffsync/state.db", "old");
        WriteFile("data/replay/top.txt", "old");
        var demo = WriteFile("data/demo/tariffsync/state.db", "demo");
        var beside = WriteFile("data/tariffsync.db", "real");

        ReplayMode.EmptyDataDirectory(replay, "/repo");

        Assert.Empty(Directory.EnumerateFileSystemEntries(replay));
        Assert.True(File.Exists(demo));
        Assert.True(File.Exists(beside));
        Assert.Equal(["demo", "replay", "tariffsync.db"], root.EnumerateFileSystemInfos().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EmptyDataDirectory_Missing_CreatedEmpty()
    {
        var replay = Path.Combine(temp.FullName, "fresh", "replay");

        ReplayMode.EmptyDataDirectory(replay, "/repo");

        Assert.True(Directory.Exists(replay));
    }

    [Fact]
    public void EmptyDataDirectory_LinkInside_RemovesTheLinkNotWhatItPointsAt()
    {
        var outside = WriteFile("outside/keep.txt", "keep");
        var replay = temp.CreateSubdirectory("data/replay").FullName;
        Directory.CreateSymbolicLink(Path.Combine(replay, "link"), Path.GetDirectoryName(outside)!);

        ReplayMode.EmptyDataDirectory(replay, "/repo");

        Assert.Empty(Directory.EnumerateFileSystemEntries(replay));
        Assert.True(File.Exists(outside));
    }

    [Fact]
    public void EmptyDataDirectory_ReplayIsALink_RefusesAndKeepsWhatItPointsAt()
    {
        var outside = WriteFile("outside/keep.txt", "keep");
        var replay = Path.Combine(temp.CreateSubdirectory("data").FullName, "replay");
        Directory.CreateSymbolicLink(replay, Path.GetDirectoryName(outside)!);

        var error = Assert.Throws<AppHostException>(() => ReplayMode.EmptyDataDirectory(replay, "/repo"));

        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(outside));
    }

    [Theory]
    [InlineData("data")]
    [InlineData("data/demo")]
    [InlineData("replay/demo")]
    public void EmptyDataDirectory_NotAReplayFolder_RefusesAndDeletesNothing(string folder)
    {
        var kept = WriteFile($"{folder}/keep.txt", "keep");

        Assert.Throws<AppHostException>(() => ReplayMode.EmptyDataDirectory(Path.Combine(temp.FullName, folder), "/repo"));

        Assert.True(File.Exists(kept));
    }

    [Fact]
    public void EmptyDataDirectory_HoldsTheRepository_Refuses()
    {
        var replay = temp.CreateSubdirectory("replay").FullName;
        var repository = temp.CreateSubdirectory("replay/checkout").FullName;

        Assert.Throws<AppHostException>(() => ReplayMode.EmptyDataDirectory(replay, repository));
        Assert.Throws<AppHostException>(() => ReplayMode.EmptyDataDirectory(replay, replay));
        Assert.True(Directory.Exists(repository));
    }

    [Fact]
    public void AddReplayMode_NoReplayFile_ChangesNothing()
    {
        var builder = TestBuilders.ForAppHost($"--AppHost:DataDirectory={temp.FullName}");
        var priceIngest = builder.AddProject(ResourceNames.PriceIngest, "../PriceIngest/PriceIngest.csproj");

        Assert.Null(builder.AddReplayMode(WallClockNow));
        builder.Build();

        Assert.DoesNotContain(EnvironmentContract.For(priceIngest.Resource, TestBuilders.Settings).Keys, k => k.StartsWith("Clock__", StringComparison.Ordinal));
        Assert.Equal(temp.FullName, builder.Configuration["AppHost:DataDirectory"]);
    }

    [Fact]
    public void AddReplayMode_EveryProject_GetsTheSameClockAndOnlyTheSimulatorTheDay()
    {
        var builder = TestBuilders.ForAppHost($"--Replay:File={DayFile}", "--Replay:Speed=600", "--Replay:From=17:55");
        var projects = new[] { ResourceNames.Simulator, ResourceNames.PriceIngest, ResourceNames.TariffSync, ResourceNames.Gateway }
            .Select(name => builder.AddProject(name, $"../{name}/{name}.csproj").Resource)
            .ToList();
        builder.AddRedis(ResourceNames.Redis);

        var replay = builder.AddReplayMode(WallClockNow)!;
        builder.Build();

        foreach (var project in projects)
        {
            var env = EnvironmentContract.For(project, TestBuilders.Settings);
            Assert.Equal("2026-01-18T17:55:00.0000000+10:00", env["Clock__Start"]);
            Assert.Equal(replay.Anchor.ToString("O", CultureInfo.InvariantCulture), env["Clock__Anchor"]);
            Assert.Equal("600", env["Clock__Speed"]);
            Assert.Equal(project.Name == ResourceNames.Simulator ? DayFile : null, env.GetValueOrDefault("Simulator__Replay__File"));
        }
    }

    [Fact]
    public void AddReplayMode_DataDirectoryConfigured_DataGoesToItsReplayFolder()
    {
        var builder = TestBuilders.ForAppHost($"--Replay:File={DayFile}", $"--AppHost:DataDirectory={temp.FullName}");

        builder.AddReplayMode(WallClockNow);

        Assert.Equal("replay", builder.Configuration["AppHost:DataProfile"]);
        Assert.Equal(Path.Combine(temp.FullName, "replay"), DataRoot(builder));
    }

    [Fact]
    public void AddReplayMode_NoDataDirectoryConfigured_DataGoesToTheReplayProfile()
    {
        var builder = TestBuilders.ForAppHost($"--Replay:File={DayFile}");
        builder.Configuration["AppHost:DataProfile"] = "demo";

        builder.AddReplayMode(WallClockNow);

        Assert.Equal(Path.Combine(RepositoryRoot.Path, ".data", "replay"), DataRoot(builder));
    }

    [Fact]
    public async Task AddReplayMode_Start_EmptiesTheReplayFolderOnlyAndSaysWhatIsReplayed()
    {
        var old = WriteFile("replay/tariffsync/state.db", "old");
        var demo = WriteFile("demo/tariffsync/state.db", "demo");
        var builder = TestBuilders.ForAppHost($"--Replay:File={DayFile}", "--Replay:From=17:00", $"--AppHost:DataDirectory={temp.FullName}");
        builder.AddReplayMode(WallClockNow);
        using var output = new StringWriter();
        await using var app = builder.Build(new ConsoleLog(output, output, useColour: false));

        Assert.True(File.Exists(old), "Emptied before the start.");
        await app.StartAsync(TestContext.Current.CancellationToken);

        Assert.False(File.Exists(old));
        Assert.True(Directory.Exists(Path.Combine(temp.FullName, "replay")));
        Assert.True(File.Exists(demo));
        Assert.EndsWith(
            "TeslaSync is ready.\nReplaying 2026-01-18 from 17:00 at 60x: a simulated day lasts 24 min\n",
            output.ToString().ReplaceLineEndings("\n"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddReplayMode_CredentialsConfigured_StartRefusedBeforeAnythingAndNoDataTouched()
    {
        var old = WriteFile("replay/tariffsync/state.db", "old");
        var builder = TestBuilders.ForAppHost($"--Replay:File={DayFile}", "--Tesla:AccessToken=real-token", $"--AppHost:DataDirectory={temp.FullName}");

        Assert.Null(builder.AddReplayMode(WallClockNow));
        using var output = new StringWriter();
        await using var app = builder.Build(new ConsoleLog(output, output, useColour: false));
        var error = await Assert.ThrowsAsync<AppHostException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.StartsWith("Cannot start TeslaSync:\n  - Replay mode runs only in demo mode", error.Message, StringComparison.Ordinal);
        Assert.Contains("Tesla:AccessToken", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(old));
        Assert.Equal(temp.FullName, DataRoot(builder));
    }

    [Fact]
    public async Task AddReplayMode_BadSettings_EachProblemListedAndNoDataTouched()
    {
        var old = WriteFile("replay/tariffsync/state.db", "old");
        var builder = TestBuilders.ForAppHost($"--Replay:File={DayFile}", "--Replay:Speed=9000", "--Replay:From=evening", $"--AppHost:DataDirectory={temp.FullName}");

        Assert.Null(builder.AddReplayMode(WallClockNow));
        using var output = new StringWriter();
        await using var app = builder.Build(new ConsoleLog(output, output, useColour: false));
        var error = await Assert.ThrowsAsync<AppHostException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(
            "Cannot start TeslaSync:\n" +
            "  - Replay:Speed must be a number from 1 to 3600 (times faster than real time); got '9000'.\n" +
            "  - Replay:From must be a time of day HH:mm in NEM time (UTC+10), such as 17:00; got 'evening'.",
            error.Message);
        Assert.True(File.Exists(old));
    }

    private static string DataRoot(DistributedApplicationBuilder builder) =>
        AppHostSettings.From(builder.Configuration, builder.Metadata, builder.ApplicationName).Launch.DataRoot;

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    private string WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(temp.FullName, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }
}
