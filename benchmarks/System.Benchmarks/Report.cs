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

    /// <summary>One line for the combined script: <c>SUMMARY|system|measure|value|unit</c>.</summary>
    public static void Summary(string measure, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SUMMARY|system|{measure}|{value:0.##}|{unit}"));

    private static string Line(string name, string pid, double rss, double peak, double cpu, TimeSpan window) =>
        string.Create(CultureInfo.InvariantCulture, $"  {name,-14} {pid,7} {rss,8:F1} {peak,8:F1} {cpu,7:F2} {100 * cpu / window.TotalSeconds,6:F1}");
}
