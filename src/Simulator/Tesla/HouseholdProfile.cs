using System.Globalization;

namespace TeslaSync.Simulator.Tesla;

/// <summary>
/// A year of real household load and rooftop solar, 30-minute energy per half hour (Ausgrid Solar
/// Home data, customer 12, Sydney, 2011-07-01 .. 2012-06-30; see <c>Data/NOTICE.md</c>), turned into
/// smooth power at any instant.
/// </summary>
/// <remarks>
/// <para>Mapping: the source is recorded in Sydney clock time (daylight saving included). The day is
/// found by month and day (July–December in 2011, January–June in 2012, so 29 February exists).
/// <b>Load</b> follows the household's routine, i.e. the wall clock: it is read at the site's local
/// wall-clock time. <b>Solar</b> follows the sun, i.e. standard time: it is read at the site's standard
/// time (UTC + the zone's base offset), moved onto the source's clock (an hour later from 2 October 2011
/// to 31 March 2012). So in a zone with daylight saving both land where they did in Sydney, in a zone
/// without it the sun still peaks near noon, and a DST day has no jump or repeated hour of sun (the
/// load skips or repeats the hour the wall clock does, as a household's would).</para>
/// <para>Smoothing: each half hour's mean power sits at its centre and power in between is
/// interpolated linearly, so a day's energy matches the source up to the first and last quarter hour.</para>
/// <para>Scale: load as recorded (about 32 kWh a day); solar scaled so the largest half hour of the
/// year (0.9 kWh, 1.8 kW mean; the source system is listed as 1.04 kWp but records more) reaches the
/// configured peak.</para>
/// </remarks>
public sealed class HouseholdProfile
{
    public const string ResourceName = "TeslaSync.Simulator.Data.household_year.csv";

    private const int SlotsPerDay = 48;
    private static readonly DateOnly FirstDay = new(2011, 7, 1);

    /// <summary>Sydney's daylight saving in the source year (2 October 2011 02:00 to 1 April 2012 03:00), by day: the changes fall at night.</summary>
    private static readonly DateOnly SourceSummerStart = new(2011, 10, 2);
    private static readonly DateOnly SourceSummerEnd = new(2012, 3, 31);
    private static readonly Lazy<HouseholdProfile> EmbeddedProfile = new(LoadEmbedded);

    private readonly double[] _loadWh;
    private readonly double[] _solarWh;

    private HouseholdProfile(double[] loadWh, double[] solarWh)
    {
        _loadWh = loadWh;
        _solarWh = solarWh;
        LargestSolarHalfHourWh = solarWh.Max();
    }

    /// <summary>The shipped year (parsed once per process).</summary>
    public static HouseholdProfile Embedded => EmbeddedProfile.Value;

    public int Days => _loadWh.Length / SlotsPerDay;

    /// <summary>The largest half-hour solar energy of the year, Wh: what <c>SolarPeakWatts</c> is scaled to.</summary>
    public double LargestSolarHalfHourWh { get; }

    /// <summary>Solar and load power (W) at an instant, for a site in <paramref name="zone"/>.</summary>
    public (double SolarW, double LoadW) PowerAt(DateTimeOffset instant, TimeZoneInfo zone, double solarPeakWatts)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var wall = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        var standard = instant.UtcDateTime + zone.BaseUtcOffset;

        // Wh per half hour → mean W is × 2.
        var load = 2 * Interpolate(_loadWh, Position(DateOnly.FromDateTime(wall), wall.TimeOfDay.TotalMinutes, sunTime: false));
        var solarWh = Interpolate(_solarWh, Position(DateOnly.FromDateTime(standard), standard.TimeOfDay.TotalMinutes, sunTime: true));
        var solar = LargestSolarHalfHourWh > 0 ? solarWh / LargestSolarHalfHourWh * solarPeakWatts : 0;
        return (solar, load);
    }

    /// <summary>Where a site date and minute fall in the source, in half hours; a half hour's mean sits at its centre.</summary>
    private static double Position(DateOnly date, double minuteOfDay, bool sunTime)
    {
        var sourceDate = new DateOnly(date.Month >= 7 ? 2011 : 2012, date.Month, date.Day);
        if (sunTime && sourceDate >= SourceSummerStart && sourceDate <= SourceSummerEnd)
        {
            minuteOfDay += 60; // standard time onto the source's daylight-saving clock
        }

        return ((sourceDate.DayNumber - FirstDay.DayNumber) * SlotsPerDay) + (minuteOfDay / 30) - 0.5;
    }

    private static double Interpolate(double[] series, double position)
    {
        var before = (int)Math.Floor(position);
        var fraction = position - before;
        var i0 = ((before % series.Length) + series.Length) % series.Length;
        var i1 = (i0 + 1) % series.Length;
        return series[i0] + ((series[i1] - series[i0]) * fraction);
    }

    /// <summary>The source's energy of one day (Wh, Sydney clock time), as shipped (solar unscaled).</summary>
    public (double SolarWh, double LoadWh) SourceDay(int month, int day)
    {
        var index = new DateOnly(month >= 7 ? 2011 : 2012, month, day).DayNumber - FirstDay.DayNumber;
        var range = new Range(index * SlotsPerDay, (index + 1) * SlotsPerDay);
        return (_solarWh[range].Sum(), _loadWh[range].Sum());
    }

    /// <summary>Reads the CSV written by <c>Data/generate_household_year.py</c>: <c>date,series,h00..h47</c>, a load and a solar row per day.</summary>
    public static HouseholdProfile Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine() ?? throw new FormatException("The household profile is empty.");
        if (!header.StartsWith("date,series,", StringComparison.Ordinal))
        {
            throw new FormatException($"Unexpected household profile header: {header}");
        }

        var load = new List<double>();
        var solar = new List<double>();
        var lastDate = FirstDay;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != 2 + SlotsPerDay)
            {
                throw new FormatException($"Expected {2 + SlotsPerDay} fields: {line[..Math.Min(40, line.Length)]}");
            }

            var target = fields[1] switch
            {
                "load" => load,
                "solar" => solar,
                _ => throw new FormatException($"Unknown series {fields[1]}"),
            };
            var date = DateOnly.ParseExact(fields[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (date != FirstDay.AddDays(target.Count / SlotsPerDay))
            {
                throw new FormatException($"{fields[1]} rows out of order at {fields[0]}");
            }

            for (var i = 2; i < fields.Length; i++)
            {
                target.Add(double.Parse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture));
            }

            lastDate = date;
        }

        if (load.Count != solar.Count || load.Count != 366 * SlotsPerDay)
        {
            throw new FormatException($"Expected 366 days of load and solar, got {load.Count / SlotsPerDay} and {solar.Count / SlotsPerDay} (last {lastDate}).");
        }

        return new HouseholdProfile([.. load], [.. solar]);
    }

    private static HouseholdProfile LoadEmbedded()
    {
        using var stream = typeof(HouseholdProfile).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }

}
