using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using TeslaSync.SystemBenchmarks;
using TeslaSync.TestSupport;

// The whole system as a user runs it, as real processes: the AppHost starts Redis, the simulator and
// every service. Measures start-up time (launch to all healthy), each process's resident memory and
// CPU while idle in demo mode, and CPU per simulated hour and memory while replaying a stored day.
// Usage: dotnet run -c Release --project benchmarks/System.Benchmarks -- [--quick] [--replay-only] [--day <day.json>] [--from HH:mm] [--speed 60] [--amber-interval 5] [--material-change 0]
var quick = args.Contains("--quick");
var dayFile = Option("--day") ?? SharedFolder.Data("aemo", "helloiamdanteng_nem-dashboard", "prices", "2026-05-27.json");
var from = Option("--from") ?? "00:00";
var speed = double.Parse(Option("--speed") ?? "60", CultureInfo.InvariantCulture);
// The replay's settings, through the launcher's environment (which every process inherits): Amber prices in
// 5-minute intervals, as an SA site has them (the simulator's default is 30 minutes, so most pushes would
// repeat the price), and TariffSync uploading on any rate change (its default threshold is $0.005/kWh), so
// that every push reaches the Powerwall and can be timed.
var amberIntervalLength = Option("--amber-interval") ?? "5";
var materialChange = Option("--material-change") ?? "0";
var replayOnly = args.Contains("--replay-only");
var startRuns = replayOnly ? 0 : quick ? 1 : 3;
var idle = TimeSpan.FromSeconds(quick ? 20 : 120);
var replayWindow = TimeSpan.FromSeconds(quick ? 60 : 600);

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Stop measuring and let the finally blocks stop every process.
    e.Cancel = true;
    cancellation.Cancel();
};
// SIGTERM too (e.g. a script's timeout): otherwise the runtime exits without unwinding, leaving the system running.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});
var ct = cancellation.Token;

Console.WriteLine(Invariant($"System benchmark ({(quick ? "quick" : "full")}): {Environment.ProcessorCount} cores, {startRuns} start-up run(s), {idle.TotalSeconds:F0} s idle, replay of {Path.GetFileName(dayFile)} from {from} at {speed:0.##}x for {replayWindow.TotalSeconds:F0} s with {amberIntervalLength}-minute Amber intervals and TariffSync:MaterialChangePerKwh={materialChange}"));

try
{
    // 1. Start-up, and the idle footprint of the last start.
    var startUps = new List<double>();
    for (var run = 1; run <= startRuns; run++)
    {
        var elapsed = Stopwatch.StartNew();
        await using var system = SystemUnderTest.Start();
        await system.Host.WaitUntilReadyAsync().WaitAsync(ct);
        startUps.Add(elapsed.Elapsed.TotalSeconds);
        Console.WriteLine(Invariant($"Start-up run {run}: all healthy after {elapsed.Elapsed.TotalSeconds:F1} s"));

        if (run == startRuns)
        {
            var before = system.Sample();
            var window = Stopwatch.StartNew();
            await Task.Delay(idle, ct);
            var after = system.Sample();
            Report.Table(Invariant($"Demo mode, idle for {window.Elapsed.TotalSeconds:F0} s after start-up"), before, after, window.Elapsed);
            Report.Summary("RSS idle, total", after.Sum(s => s.RssMiB), "MB");
            foreach (var sample in after)
            {
                Report.Summary($"RSS idle, {sample.Name}", sample.RssMiB, "MB");
            }

            Report.Summary("CPU idle, total", Report.CpuUsed(before, after) / window.Elapsed.TotalMinutes, "s/min");
        }

        Console.WriteLine(await system.StopAsync(TimeSpan.FromSeconds(30)) ? "Stopped; nothing left running." : "Did not stop cleanly; killing what is left.");
    }

    if (startUps.Count > 0)
    {
        startUps.Sort();
        Report.Summary("start-up to all healthy", startUps[startUps.Count / 2], "s");
    }

    // 2. A replayed day: CPU per simulated hour and memory under that load.
    {
        await using var system = SystemUnderTest.Start(
            new Dictionary<string, string>
            {
                ["Simulator__Amber__IntervalLength"] = amberIntervalLength,
                ["TariffSync__MaterialChangePerKwh"] = materialChange,
            },
            $"--Replay:File={dayFile}", $"--Replay:From={from}", Invariant($"--Replay:Speed={speed}"));
        await system.Host.WaitUntilReadyAsync().WaitAsync(ct);
        var clock = ReplayClock.From(key => system.ChildEnvironment("Simulator", key))
            ?? throw new InvalidOperationException("The simulator was not given the replay clock (Clock__Start, Clock__Anchor, Clock__Speed).");
        var simulator = new Uri((string)system.Host.ReadState()["resources"]!["simulator"]!["endpoints"]!["http"]! + "/");
        await using var probe = await LatencyProbe.StartAsync(simulator, clock, ct);
        var linesBefore = system.Host.Lines.Count;
        var before = system.Sample();
        var window = Stopwatch.StartNew();
        await Task.Delay(replayWindow, ct);
        var after = system.Sample();
        var (matched, pushes, uploads) = await probe.MatchAsync(ct);
        // PriceIngest visits the WebSocket once per interval; when the push does not come within its timeout it polls REST instead.
        var fallbacks = system.Host.Lines.Skip(linesBefore).Count(l => l.Contains("No price update from the Amber WebSocket this interval", StringComparison.Ordinal));
        var simulatedHours = window.Elapsed.TotalHours * speed;
        Report.Table(Invariant($"Replay at {speed:0.##}x for {window.Elapsed.TotalSeconds:F0} s ({simulatedHours:F2} simulated hours)"), before, after, window.Elapsed);
        Report.Summary("CPU per simulated hour", Report.CpuUsed(before, after) / simulatedHours, "s");
        Report.Summary("RSS under replay, total", after.Sum(s => s.RssMiB), "MB");
        Report.Summary("peak RSS under replay, total", after.Sum(s => s.PeakRssKiB) / 1024.0, "MB");
        Report.Latency(matched, pushes, uploads, speed);
        Console.WriteLine(Invariant($"PriceIngest fell back to REST {fallbacks} time(s) during the window (no push within Amber:WebSocketTimeoutSeconds, simulated)."));
        Console.WriteLine(await system.StopAsync(TimeSpan.FromSeconds(30)) ? "Stopped; nothing left running." : "Did not stop cleanly; killing what is left.");
    }

    return 0;
}
catch (OperationCanceledException) when (ct.IsCancellationRequested)
{
    Console.WriteLine("Cancelled; every process was stopped.");
    return 130;
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
