using System.Globalization;
using TeslaSync.SystemBenchmarks;

namespace TeslaSync.ScaleBenchmarks;

/// <summary>The figures of one N.</summary>
internal sealed record ScaleResult(
    int Sites,
    TimeSpan FirstUpdate,
    IReadOnlyList<UpdateRound> Rounds,
    double IdleRssMiB,
    double RssMiB,
    double PeakRssMiB)
{
    public double MedianSeconds => Median(Rounds.Select(r => r.AllSynced.TotalSeconds));

    public double MaxSeconds => Rounds.Max(r => r.AllSynced.TotalSeconds);

    public double CpuSecondsPerUpdate => Median(Rounds.Select(r => r.TariffSyncCpuSeconds));

    public int Failed => Rounds.Sum(r => r.Failed);

    public static void PrintTable(IReadOnlyList<ScaleResult> results, int latencyMs, int concurrency)
    {
        Console.WriteLine();
        Console.WriteLine(Invariant($"Time to sync every site after a price update (Tesla latency {latencyMs} ms, {concurrency} sites at a time), TariffSync's CPU and memory:"));
        Console.WriteLine(Invariant($"  {"sites",6} {"first s",8} {"median s",9} {"max s",7} {"sites/s",8} {"CPU s",7} {"CPU ms/site",12} {"RSS idle MB",12} {"RSS MB",8} {"peak MB",8} {"failed",7}"));
        foreach (var r in results)
        {
            Console.WriteLine(Invariant(
                $"  {r.Sites,6} {r.FirstUpdate.TotalSeconds,8:F2} {r.MedianSeconds,9:F2} {r.MaxSeconds,7:F2} {r.Sites / r.MedianSeconds,8:F1} {r.CpuSecondsPerUpdate,7:F2} {1000 * r.CpuSecondsPerUpdate / r.Sites,12:F2} {r.IdleRssMiB,12:F0} {r.RssMiB,8:F0} {r.PeakRssMiB,8:F0} {r.Failed,7}"));
        }

        foreach (var r in results)
        {
            Summary($"{r.Sites} sites: all synced after an update (median)", r.MedianSeconds, "s");
            Summary($"{r.Sites} sites: TariffSync CPU per update", r.CpuSecondsPerUpdate, "s");
            Summary($"{r.Sites} sites: TariffSync RSS (peak)", r.PeakRssMiB, "MB");
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>One line for the combined script: <c>SUMMARY|scale|measure|value|unit</c>.</summary>
    private static void Summary(string measure, double value, string unit) =>
        Console.WriteLine(Invariant($"SUMMARY|scale|{measure}|{value:0.##}|{unit}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

internal static class ScaleRun
{
    public static async Task<ScaleResult> MeasureAsync(int sites, int updates, int latencyMs, int concurrency, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine(Invariant($"N = {sites}: starting Redis, the simulator ({sites} Powerwalls) and TariffSync ({sites - 1} additional sites)"));
        await using var deployment = await FleetDeployment.StartAsync(sites, latencyMs, concurrency);
        var idle = deployment.TariffSyncSample();

        // Each site's sync makes two calls (write, read back); a hundred times the ideal time, and a minute on top, is a hang.
        var patience = TimeSpan.FromSeconds(60 + (100.0 * sites * 2 * latencyMs / 1000 / concurrency));

        // The first update after start takes the cold path (JIT, the first connections, the database's first writes).
        var first = await deployment.UpdatePricesAsync(patience, cancellationToken);
        Report("first (cold)", first);
        var rounds = new List<UpdateRound>();
        for (var update = 1; update <= updates; update++)
        {
            var round = await deployment.UpdatePricesAsync(patience, cancellationToken);
            Report(Invariant($"update {update}"), round);
            rounds.Add(round);
        }

        var after = deployment.TariffSyncSample();
        return new ScaleResult(sites, first.AllSynced, rounds, idle.RssMiB, after.RssMiB, after.PeakRssKiB / 1024.0);
    }

    private static void Report(string name, UpdateRound round) =>
        Console.WriteLine(Invariant(
            $"  {name}: every site's outcome after {round.AllSynced.TotalSeconds:F2} s ({round.Succeeded} succeeded, {round.Failed} failed), TariffSync CPU {round.TariffSyncCpuSeconds:F2} s"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
