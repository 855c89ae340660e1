using System.Globalization;
using TeslaSync.ScaleBenchmarks;
using TeslaSync.SystemBenchmarks;

// One TariffSync syncing N Powerwalls after each price update, the simulated Tesla answering every call
// after 150 ms. For each N: the wall time from the price update to every site's sync outcome, TariffSync's
// CPU per update, and its resident memory.
// Usage: dotnet run -c Release --project benchmarks/Scale.Benchmarks -- [--quick] [--sites 1,10,100,1000] [--updates 5] [--latency-ms 150] [--concurrency 16]
var quick = args.Contains("--quick");
var siteCounts = (Option("--sites") ?? "1,10,100,1000").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
var updates = int.Parse(Option("--updates") ?? (quick ? "2" : "5"), CultureInfo.InvariantCulture);
var latencyMs = int.Parse(Option("--latency-ms") ?? "150", CultureInfo.InvariantCulture);
var concurrency = int.Parse(Option("--concurrency") ?? "16", CultureInfo.InvariantCulture);

using var stop = new StopSignal();

Console.WriteLine(Invariant($"Scale benchmark ({(quick ? "quick" : "full")}): {Environment.ProcessorCount} cores, N = {string.Join(", ", siteCounts)} sites, {updates} timed price update(s) each after one warm-up, Tesla latency {latencyMs} ms, TariffSync:MaxConcurrentSyncs = {concurrency}"));
var results = new List<ScaleResult>();
foreach (var sites in siteCounts)
{
    results.Add(await ScaleRun.MeasureAsync(sites, updates, latencyMs, concurrency, stop.Token));
}

ScaleResult.PrintTable(results, latencyMs, concurrency);
return 0;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
