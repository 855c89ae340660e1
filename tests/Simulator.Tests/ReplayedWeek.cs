using System.Globalization;
using TeslaSync.TestSupport;

namespace TeslaSync.Simulator.Tests;

/// <summary>
/// The test's own reading of the shipped data file and of the documented conversion rules
/// (deliberately not calling the simulator's code, so a regression in either shows up).
/// </summary>
public static class ReplayedWeek
{
    private static readonly Lazy<Dictionary<(string Region, int MinuteOfWeek), (double Rrp, double Renewables, double Demand)>> Rows = new(Load);

    public static (double Rrp, double Renewables, double Demand) At(string region, DateTimeOffset intervalStart)
    {
        var nem = intervalStart.ToOffset(TimeSpan.FromHours(10));
        var day = ((int)nem.DayOfWeek + 6) % 7;
        return Rows.Value[(region, (day * 1440) + (nem.Hour * 60) + nem.Minute)];
    }

    public static double Rrp(string region, DateTimeOffset intervalStart) => At(region, intervalStart).Rrp;

    /// <summary>Mean RRP of the 5-minute intervals making up an interval of <paramref name="minutes"/>.</summary>
    public static double MeanRrp(string region, DateTimeOffset start, int minutes) =>
        Enumerable.Range(0, minutes / 5).Average(k => Rrp(region, start.AddMinutes(5 * k)));

    public static double MeanRenewables(string region, DateTimeOffset start, int minutes) =>
        Enumerable.Range(0, minutes / 5).Average(k => At(region, start.AddMinutes(5 * k)).Renewables);

    /// <summary>Documented: spot c/kWh incl. GST = RRP / 10 × 1.1.</summary>
    public static double Spot(double rrp) => rrp / 10 * 1.1;

    /// <summary>Documented network adder by NEM hour of the interval start.</summary>
    public static double Network(DateTimeOffset intervalStart)
    {
        var hour = intervalStart.ToOffset(TimeSpan.FromHours(10)).Hour;
        return hour < 6 ? 14.2 : hour is >= 10 and < 15 ? 9.2 : hour is >= 16 and < 21 ? 27.5 : 20.0;
    }

    public static string Period(DateTimeOffset intervalStart)
    {
        var hour = intervalStart.ToOffset(TimeSpan.FromHours(10)).Hour;
        return hour < 6 ? "offPeak" : hour is >= 10 and < 15 ? "solarSponge" : hour is >= 16 and < 21 ? "peak" : "shoulder";
    }

    public static double General(double rrp, DateTimeOffset intervalStart) => Spot(rrp) + Network(intervalStart);

    /// <summary>Documented: feed-in cost = −spot × 1.01 (negative = paid).</summary>
    public static double FeedIn(double rrp) => -Spot(rrp) * 1.01;

    private static Dictionary<(string, int), (double, double, double)> Load()
    {
        var path = Path.Combine(RepositoryRoot.Path, "src", "Simulator", "Data", "nem_week_2022-01-10.csv");
        var rows = new Dictionary<(string, int), (double, double, double)>();
        foreach (var line in File.ReadLines(path).Skip(1).Where(l => l.Length > 0))
        {
            var f = line.Split(',');
            rows[(f[0], int.Parse(f[1], CultureInfo.InvariantCulture))] = (D(f[2]), D(f[3]), D(f[4]));
        }

        return rows;

        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
    }
}
