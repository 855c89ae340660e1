using System.Globalization;

namespace TeslaSync.SystemBenchmarks;

internal static class Report
{
    /// <summary>CPU seconds used between two samples by the processes alive at the end (a process new since <paramref name="before"/> counts from 0).</summary>
    public static double CpuUsed(IReadOnlyList<ProcessSample> before, IReadOnlyList<ProcessSample> after) =>
        after.Sum(a => a.CpuSeconds - (before.FirstOrDefault(b => b.Id == a.Id)?.CpuSeconds ?? 0));

    public static void Table(string title, IReadOnlyList<ProcessSample> before, IReadOnlyList<ProcessSample> after, TimeSpan window)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine($"  {"process",-14} {"pid",7} {"RSS MB",8} {"peak MB",8} {"CPU s",7} {"CPU %",6}");
        foreach (var a in after)
        {
            var cpu = a.CpuSeconds - (before.FirstOrDefault(b => b.Id == a.Id)?.CpuSeconds ?? 0);
            Console.WriteLine(Line(a.Name, a.Id.ToString(CultureInfo.InvariantCulture), a.RssMiB, a.PeakRssKiB / 1024.0, cpu, window));
        }

        Console.WriteLine(Line("total", string.Empty, after.Sum(s => s.RssMiB), after.Sum(s => s.PeakRssKiB) / 1024.0, CpuUsed(before, after), window));
        Console.WriteLine();
    }

    /// <summary>Published price to Powerwall upload, wall clock: percentiles over the prices that led to an upload.</summary>
    /// <param name="measure">The start of the summary lines' names, e.g. <c>push to Powerwall</c>.</param>
    public static void Latency(string measure, string title, IReadOnlyList<PriceToPowerwall> matched, int published, int uploads, double speed)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{title}: {published} prices published, {uploads} uploads since the first, {matched.Count} prices followed by an upload before the next"));
        if (matched.Count == 0)
        {
            return;
        }

        foreach (var m in matched)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  published {m.PublishedAt:HH:mm:ss.fff}  uploaded {m.UploadedAt:HH:mm:ss.fff}  {m.Latency.TotalMilliseconds,8:F0} ms wall ({m.Latency.TotalSeconds * speed:F1} s simulated)"));
        }

        // The first price timed (the first after the launcher reports ready) still takes the cold path (JIT, first calls): reported on its own.
        var first = matched[0].Latency.TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  first after start-up (cold): {first:F0} ms"));
        Summary($"{measure}, first (cold)", first, "ms");
        if (matched.Count < 2)
        {
            return;
        }

        var sorted = matched.Skip(1).Select(m => m.Latency.TotalMilliseconds).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  the rest, wall ms: p50 {Percentile(sorted, 50):F0}, p95 {Percentile(sorted, 95):F0}, p99 {Percentile(sorted, 99):F0}, max {sorted[^1]:F0} (n = {sorted.Length})"));
        Summary($"{measure} p50", Percentile(sorted, 50), "ms");
        Summary($"{measure} p95", Percentile(sorted, 95), "ms");
        Summary($"{measure} p99", Percentile(sorted, 99), "ms");
        Summary($"{measure} max", sorted[^1], "ms");
        Summary($"{measure} samples", sorted.Length, "updates");
    }

    /// <summary>The hops of the timed updates, from their traces; the summary gets p50 and p95 of all but the details.</summary>
    public static void Hops(string source, IReadOnlyList<Hop> hops)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  per hop ({source}), wall ms, from the traces:"));
        Console.WriteLine($"    {"hop",-40} {"n",4} {"p50",8} {"p95",8} {"p99",8} {"max",8}");
        var summaries = new List<(string Measure, double Value)>();
        foreach (var hop in hops)
        {
            var sorted = hop.Milliseconds.Order().ToArray();
            var name = hop.Role switch
            {
                HopRole.Detail => $"  ({hop.Name})",
                HopRole.Combined => $"= {hop.Name}",
                _ => hop.Name,
            };
            if (sorted.Length == 0)
            {
                Console.WriteLine($"    {name,-40} {0,4} (no spans)");
                continue;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {name,-40} {sorted.Length,4} {Percentile(sorted, 50),8:F1} {Percentile(sorted, 95),8:F1} {Percentile(sorted, 99),8:F1} {sorted[^1],8:F1}"));
            if (hop.Role != HopRole.Detail)
            {
                summaries.Add(($"hop ({source}) {hop.Name} p50", Percentile(sorted, 50)));
                summaries.Add(($"hop ({source}) {hop.Name} p95", Percentile(sorted, 95)));
            }
        }

        foreach (var (measure, value) in summaries)
        {
            Summary(measure, value, "ms");
        }
    }

    /// <summary>Nearest-rank percentile of ascending <paramref name="sorted"/>.</summary>
    private static double Percentile(double[] sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>One line for the combined script: <c>SUMMARY|system|measure|value|unit</c>.</summary>
    public static void Summary(string measure, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SUMMARY|system|{measure}|{value:0.##}|{unit}"));

    private static string Line(string name, string pid, double rss, double peak, double cpu, TimeSpan window) =>
        string.Create(CultureInfo.InvariantCulture, $"  {name,-14} {pid,7} {rss,8:F1} {peak,8:F1} {cpu,7:F2} {100 * cpu / window.TotalSeconds,6:F1}");
}
