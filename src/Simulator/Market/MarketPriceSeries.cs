using System.Globalization;

namespace TeslaSync.Simulator.Market;

/// <summary>One replayed 5-minute dispatch interval of one region.</summary>
/// <param name="Rrp">Regional reference price, $/MWh ex GST.</param>
/// <param name="RenewablesPercent">Share of dispatched generation from wind, utility solar, hydro and bioenergy.</param>
public readonly record struct DispatchPoint(
    double Rrp,
    double RenewablesPercent,
    double DemandMw,
    double ScheduledMw,
    double SemiScheduledMw)
{
    /// <summary>AEMO sign: positive = the region exports (generation exceeds demand).</summary>
    public double NetInterchangeMw => ScheduledMw + SemiScheduledMw - DemandMw;
}

/// <summary>
/// A real week of AEMO 5-minute data (Mon 2022-01-10 .. Sun 2022-01-16, see Data/NOTICE.md)
/// replayed onto any date: an instant maps to the same weekday and NEM time of day. Pure and
/// immutable, so every request in the same 5-minute period sees identical prices.
/// </summary>
public sealed class MarketPriceSeries
{
    public const int IntervalsPerWeek = 7 * 288;
    public static readonly IReadOnlyList<string> Regions = ["NSW1", "QLD1", "VIC1", "SA1", "TAS1"];
    private const string ResourceName = "TeslaSync.Simulator.Data.nem_week.csv";

    private readonly Dictionary<string, DispatchPoint[]> _byRegion;
    private readonly ReplayDay? _replay;

    private MarketPriceSeries(Dictionary<string, DispatchPoint[]> byRegion, ReplayDay? replay = null)
    {
        _byRegion = byRegion;
        _replay = replay;
    }

    /// <summary>The stored day served in place of the week on its date, if any.</summary>
    public ReplayDay? Replay => _replay;

    /// <summary>Loads the week shipped inside this assembly.</summary>
    public static MarketPriceSeries LoadEmbedded()
    {
        using var stream = typeof(MarketPriceSeries).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }

    /// <summary>Parses the CSV written by Data/generate_nem_week.py (header + one row per region and interval).</summary>
    public static MarketPriceSeries Parse(TextReader reader)
    {
        var byRegion = Regions.ToDictionary(r => r, _ => new DispatchPoint[IntervalsPerWeek], StringComparer.Ordinal);
        var filled = Regions.ToDictionary(r => r, _ => 0, StringComparer.Ordinal);
        _ = reader.ReadLine(); // header
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var f = line.Split(',');
            var slot = int.Parse(f[1], CultureInfo.InvariantCulture) / 5;
            byRegion[f[0]][slot] = new DispatchPoint(
                Num(f[2]), Num(f[3]), Num(f[4]), Num(f[5]), Num(f[6]));
            filled[f[0]]++;
        }

        foreach (var (region, count) in filled)
        {
            if (count != IntervalsPerWeek)
            {
                throw new InvalidDataException($"Region {region} has {count} of {IntervalsPerWeek} intervals.");
            }
        }

        return new MarketPriceSeries(byRegion);

        static double Num(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public static bool IsRegion(string region) => Regions.Contains(region, StringComparer.Ordinal);

    /// <summary>
    /// The same week, but on <paramref name="day"/>'s date its prices replace the week's (the other
    /// figures, such as renewables and demand, stay the week's for that weekday and time).
    /// </summary>
    public MarketPriceSeries WithReplay(ReplayDay day) => new(_byRegion, day);

    /// <summary>The 5-minute dispatch interval containing <paramref name="instant"/> (any instant inside it).</summary>
    public DispatchPoint At(string region, DateTimeOffset instant)
    {
        var point = _byRegion[region][NemTime.MinuteOfWeek(instant) / 5];
        return _replay?.RrpAt(region, instant) is { } rrp ? point with { Rrp = rrp } : point;
    }
}
