using System.Diagnostics;
using System.Globalization;
using TeslaSync.SystemBenchmarks;
using TeslaSync.TestSupport;

// The whole system as a user runs it, as real processes: the AppHost starts Redis, the simulator and
// every service. Measures start-up time (launch to all healthy), each process's resident memory and
// CPU while idle in demo mode, and CPU per simulated hour and memory while replaying a stored day.
// Usage: dotnet run -c Release --project benchmarks/System.Benchmarks -- [--quick] [--day <day.json>] [--from HH:mm] [--speed 60]
var quick = args.Contains("--quick");
var dayFile = Option("--day") ?? SharedFolder.Data("aemo", "helloiamdanteng_nem-dashboard", "prices", "2026-01-18.json");
var from = Option("--from") ?? "17:00";
var speed = double.Parse(Option("--speed") ?? "60", CultureInfo.InvariantCulture);
var startRuns = quick ? 1 : 3;
var idle = TimeSpan.FromSeconds(quick ? 20 : 120);
var replayWindow = TimeSpan.FromSeconds(quick ? 60 : 300);

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Stop measuring and let the finally blocks stop every process.
    e.Cancel = true;
    cancellation.Cancel();
};
var ct = cancellation.Token;

Console.WriteLine(Invariant($"System benchmark ({(quick ? "quick" : "full")}): {Environment.ProcessorCount} cores, {startRuns} start-up run(s), {idle.TotalSeconds:F0} s idle, replay of {Path.GetFileName(dayFile)} from {from} at {speed:0.##}x for {replayWindow.TotalSeconds:F0} s"));

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

    startUps.Sort();
    Report.Summary("start-up to all healthy", startUps[startUps.Count / 2], "s");

    // 2. A replayed day: CPU per simulated hour and memory under that load.
    {
        await using var system = SystemUnderTest.Start($"--Replay:File={dayFile}", $"--Replay:From={from}", Invariant($"--Replay:Speed={speed}"));
        await system.Host.WaitUntilReadyAsync().WaitAsync(ct);
        var before = system.Sample();
        var window = Stopwatch.StartNew();
        await Task.Delay(replayWindow, ct);
        var after = system.Sample();
        var simulatedHours = window.Elapsed.TotalHours * speed;
        Report.Table(Invariant($"Replay at {speed:0.##}x for {window.Elapsed.TotalSeconds:F0} s ({simulatedHours:F2} simulated hours)"), before, after, window.Elapsed);
        Report.Summary("CPU per simulated hour", Report.CpuUsed(before, after) / simulatedHours, "s");
        Report.Summary("RSS under replay, total", after.Sum(s => s.RssMiB), "MB");
        Report.Summary("peak RSS under replay, total", after.Sum(s => s.PeakRssKiB) / 1024.0, "MB");
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
