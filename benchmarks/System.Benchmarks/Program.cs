using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TeslaSync.SystemBenchmarks;
using TeslaSync.TestSupport;

// The whole system as a user runs it, as real processes: the AppHost starts Redis, the simulator and
// every service. Measures start-up time (launch to all healthy), each process's resident memory and
// CPU while idle in demo mode, and CPU per simulated hour and memory while replaying a stored day.
// Replays it twice, with Amber's WebSocket and with REST polling, to time price updates to the Powerwall
// end to end and, from the services' traces, hop by hop.
// Usage: dotnet run -c Release --project benchmarks/System.Benchmarks -- [--quick] [--replay-only] [--day <day.json>] [--from HH:mm] [--speed 60] [--amber-interval 5] [--material-change 0] [--spans <folder>]
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
// Writes every span each replay received to <folder>/spans-<source>.json, for a closer look at a trace.
var spansFolder = Option("--spans");
var startRuns = replayOnly ? 0 : quick ? 1 : 3;
var idle = TimeSpan.FromSeconds(quick ? 20 : 120);
var replayWindow = TimeSpan.FromSeconds(quick ? 60 : 600);
// 600 s at 60x is 120 price updates; the quick REST replay times 6 to stay within the quick run's 3 minutes.
var restWindow = TimeSpan.FromSeconds(quick ? 30 : 600);

using var stop = new StopSignal();
var ct = stop.Token;

Console.WriteLine(Invariant($"System benchmark ({(quick ? "quick" : "full")}): {Environment.ProcessorCount} cores, {startRuns} start-up run(s), {idle.TotalSeconds:F0} s idle, replay of {Path.GetFileName(dayFile)} from {from} at {speed:0.##}x for {replayWindow.TotalSeconds:F0} s (WebSocket) and {restWindow.TotalSeconds:F0} s (REST) with {amberIntervalLength}-minute Amber intervals and TariffSync:MaterialChangePerKwh={materialChange}"));

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

    // 2. A replayed day with prices pushed on Amber's WebSocket: CPU per simulated hour, memory under that
    // load, and the price-to-Powerwall latency with its hops.
    await ReplayAsync(PriceSource.WebSocket, replayWindow);

    // 3. The same day with the WebSocket refused (403, as Amber answers accounts outside its alpha), so
    // PriceIngest polls REST after each boundary: the latency and its hops, for comparison.
    await ReplayAsync(PriceSource.Rest, restWindow);

    return 0;
}
catch (OperationCanceledException) when (ct.IsCancellationRequested)
{
    Console.WriteLine("Cancelled; every process was stopped.");
    return 130;
}

// One replay of the day: the system with every service exporting its spans to a receiver in this process,
// the simulated Amber's new prices (pushed, or at each boundary for REST) matched with the Powerwall's
// uploads, and the traces split into hops. The WebSocket replay also reports the footprint under load.
async Task ReplayAsync(PriceSource source, TimeSpan window)
{
    var name = source == PriceSource.WebSocket ? "WebSocket" : "REST";
    await using var traces = await OtlpReceiver.StartAsync(ct);
    var environment = new Dictionary<string, string>
    {
        ["Simulator__Amber__IntervalLength"] = amberIntervalLength,
        ["TariffSync__MaterialChangePerKwh"] = materialChange,
        // The launcher passes the endpoint on to every service; the protocol is inherited with the rest of its environment.
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = traces.Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
    };
    if (source == PriceSource.Rest)
    {
        environment["Simulator__Amber__WebSocketForbidden"] = "true";
    }

    await using var system = SystemUnderTest.Start(environment, $"--Replay:File={dayFile}", $"--Replay:From={from}", Invariant($"--Replay:Speed={speed}"));
    await system.Host.WaitUntilReadyAsync().WaitAsync(ct);
    var clock = ReplayClock.From(key => system.ChildEnvironment("Simulator", key))
        ?? throw new InvalidOperationException("The simulator was not given the replay clock (Clock__Start, Clock__Anchor, Clock__Speed).");
    var simulator = new Uri((string)system.Host.ReadState()["resources"]!["simulator"]!["endpoints"]!["http"]! + "/");
    await using var probe = source == PriceSource.WebSocket ? await LatencyProbe.StartAsync(simulator, ct) : null;
    var linesBefore = system.Host.Lines.Count;
    var before = system.Sample();
    var windowStart = DateTimeOffset.UtcNow;
    var elapsed = Stopwatch.StartNew();
    await Task.Delay(window, ct);
    var after = system.Sample();
    var windowEnd = DateTimeOffset.UtcNow;

    // A push is published when it arrives; on REST a new interval's price is there from its boundary on
    // (the simulated Amber's prices are a function of the current 5-minute period).
    var published = probe?.PushInstants(clock) ?? clock.PriceBoundaries(windowStart, windowEnd);
    var uploads = await PowerwallUploads.ReadAsync(simulator, clock, ct);
    var matched = PowerwallUploads.Match(published, uploads);
    var simulatedHours = elapsed.Elapsed.TotalHours * speed;
    Report.Table(Invariant($"Replay ({name}) at {speed:0.##}x for {elapsed.Elapsed.TotalSeconds:F0} s ({simulatedHours:F2} simulated hours)"), before, after, elapsed.Elapsed);
    if (source == PriceSource.WebSocket)
    {
        // Measured with the services exporting spans (the receiver is in this process, not counted).
        Report.Summary("CPU per simulated hour", Report.CpuUsed(before, after) / simulatedHours, "s");
        Report.Summary("RSS under replay, total", after.Sum(s => s.RssMiB), "MB");
        Report.Summary("peak RSS under replay, total", after.Sum(s => s.PeakRssKiB) / 1024.0, "MB");
        Report.Latency("push to Powerwall", "Amber push to Powerwall tariff", matched, published.Count, PowerwallUploads.CountSince(published, uploads), speed);
        // PriceIngest visits the WebSocket once per interval; when the push does not come within its timeout it polls REST instead.
        var fallbacks = system.Host.Lines.Skip(linesBefore).Count(l => l.Contains("No price update from the Amber WebSocket this interval", StringComparison.Ordinal));
        Console.WriteLine(Invariant($"PriceIngest fell back to REST {fallbacks} time(s) during the window (no push within Amber:WebSocketTimeoutSeconds, simulated)."));
    }
    else
    {
        Report.Latency("REST price to Powerwall", "Amber REST price (from its boundary) to Powerwall tariff", matched, published.Count, PowerwallUploads.CountSince(published, uploads), speed);
    }

    // Stopping makes every service flush the spans it still holds.
    Console.WriteLine(await system.StopAsync(TimeSpan.FromSeconds(30)) ? "Stopped; nothing left running." : "Did not stop cleanly; killing what is left.");
    var spans = traces.Spans;
    Console.WriteLine(Invariant($"  {spans.Count} spans received in {traces.Exports} exports from {string.Join(", ", spans.Select(s => s.Service).Distinct().Order())}"));
    if (spansFolder is not null)
    {
        Directory.CreateDirectory(spansFolder);
        var file = Path.Combine(spansFolder, $"spans-{name.ToLowerInvariant()}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(spans.OrderBy(s => s.Start)), ct);
        Console.WriteLine($"  spans written to {file}");
    }

    // The first update (cold) is left out of the hops as it is of the percentiles above.
    Report.Hops(name, PriceUpdateHops.Measure(source, [.. matched.Skip(1)], spans, clock));
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
