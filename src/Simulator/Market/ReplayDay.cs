using System.Globalization;
using System.Text.Json;

namespace TeslaSync.Simulator.Market;

/// <summary>
/// One stored day of 5-minute prices, served in place of the embedded week for that NEM date
/// (<c>Simulator:Replay:File</c>). The file is shaped
/// <c>{"date": "2026-01-18", "SA1": {"00:00": 16.67, ...}, ...}</c>: labels are interval
/// starts in NEM time, prices $/MWh. A missing interval takes the price before it (the first
/// ones the first price of the day), so a gap never reads as a price of zero.
/// </summary>
public sealed class ReplayDay
{
    public const int IntervalsPerDay = 288;

    private readonly Dictionary<string, double[]> _rrpByRegion;

    private ReplayDay(DateOnly date, Dictionary<string, double[]> rrpByRegion, int missing)
    {
        Date = date;
        _rrpByRegion = rrpByRegion;
        MissingIntervals = missing;
    }

    public DateOnly Date { get; }

    /// <summary>First instant of the day (00:00 NEM time).</summary>
    public DateTimeOffset Start => new(Date.ToDateTime(TimeOnly.MinValue), NemTime.Offset);

    public DateTimeOffset End => Start.AddDays(1);

    public IEnumerable<string> Regions => _rrpByRegion.Keys;

    /// <summary>Intervals the file did not have, over all regions (filled as described above).</summary>
    public int MissingIntervals { get; }

    public static ReplayDay Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, path);
    }

    /// <exception cref="InvalidDataException">The file is not a day of prices; the message says why.</exception>
    public static ReplayDay Parse(Stream json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{source} is not JSON: {exception.Message}", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("date", out var dateElement)
                || !DateOnly.TryParseExact(dateElement.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new InvalidDataException($"{source} has no \"date\": \"yyyy-MM-dd\".");
            }

            var byRegion = new Dictionary<string, double[]>(StringComparer.Ordinal);
            var missing = 0;
            foreach (var region in MarketPriceSeries.Regions)
            {
                if (root.TryGetProperty(region, out var prices))
                {
                    byRegion[region] = ReadRegion(prices, source, region, ref missing);
                }
            }

            return byRegion.Count > 0
                ? new ReplayDay(date, byRegion, missing)
                : throw new InvalidDataException($"{source} has prices for none of {string.Join(", ", MarketPriceSeries.Regions)}.");
        }
    }

    /// <summary>The price of the interval containing <paramref name="instant"/>, or null outside the day or for another region.</summary>
    public double? RrpAt(string region, DateTimeOffset instant)
    {
        if (instant < Start || instant >= End || !_rrpByRegion.TryGetValue(region, out var prices))
        {
            return null;
        }

        return prices[(int)((instant - Start).Ticks / NemTime.FiveMinutes.Ticks)];
    }

    private static double[] ReadRegion(JsonElement prices, string source, string region, ref int missing)
    {
        if (prices.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{source}: {region} must map \"HH:MM\" to a price.");
        }

        var known = new double?[IntervalsPerDay];
        foreach (var entry in prices.EnumerateObject())
        {
            if (!TimeOnly.TryParseExact(entry.Name, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var label)
                || label.Minute % 5 != 0 || entry.Value.ValueKind != JsonValueKind.Number)
            {
                throw new InvalidDataException($"{source}: {region} \"{entry.Name}\" is not a 5-minute label with a number.");
            }

            known[((label.Hour * 60) + label.Minute) / 5] = entry.Value.GetDouble();
        }

        var previous = known.FirstOrDefault(p => p is not null)
            ?? throw new InvalidDataException($"{source}: {region} has no prices.");
        var filled = new double[IntervalsPerDay];
        for (var i = 0; i < IntervalsPerDay; i++)
        {
            missing += known[i] is null ? 1 : 0;
            filled[i] = previous = known[i] ?? previous;
        }

        return filled;
    }
}
