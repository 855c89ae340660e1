namespace TeslaSync.Domain.Energy;

/// <summary>How power between two samples is taken to have run.</summary>
public enum IntegrationMethod
{
    /// <summary>Linearly from one sample to the next (the default; exact for a ramp).</summary>
    Trapezoid,

    /// <summary>At the earlier sample's value until the next sample (exact for a step that is sampled after it settles).</summary>
    LeftRectangle,
}

/// <summary>How samples are integrated into energy.</summary>
public sealed record EnergyIntegrationOptions
{
    public static readonly TimeSpan DefaultMaxGap = TimeSpan.FromMinutes(5);

    /// <summary>Two samples further apart than this are a gap: nothing is integrated between them (the gap is not guessed).</summary>
    public TimeSpan MaxGap { get; init; } = DefaultMaxGap;

    public IntegrationMethod Method { get; init; } = IntegrationMethod.Trapezoid;
}

/// <summary>
/// Integrates live-status samples into <see cref="EnergyInterval"/>s of <see cref="IntervalLength"/>, aligned
/// to UTC (and so to every local half-hour of a zone whose offset is a multiple of 30 minutes, as every
/// Australian zone's is). Each flow is split by sign exactly: where a flow crosses zero between two
/// samples, the part either side of the crossing goes to import or export (charge or discharge).
/// </summary>
public static class EnergyIntegrator
{
    public static readonly TimeSpan IntervalLength = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The energy that flowed between two consecutive samples, one piece per 5-minute interval the span
    /// touches (each piece's <see cref="EnergyInterval.Covered"/> is its share of the span). Nothing when
    /// the samples are more than <see cref="EnergyIntegrationOptions.MaxGap"/> apart or not in order.
    /// </summary>
    public static IReadOnlyList<EnergyInterval> Between(PowerSample earlier, PowerSample later, EnergyIntegrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var span = later.At - earlier.At;
        if (span <= TimeSpan.Zero || span > options.MaxGap)
        {
            return [];
        }

        var pieces = new List<EnergyInterval>(2);
        var pieceStart = earlier.At;
        while (pieceStart < later.At)
        {
            var intervalStart = Floor(pieceStart, IntervalLength);
            var intervalEnd = intervalStart + IntervalLength;
            var pieceEnd = intervalEnd < later.At ? intervalEnd : later.At;
            pieces.Add(Piece(earlier, later, pieceStart, pieceEnd, intervalStart, intervalEnd, options.Method));
            pieceStart = pieceEnd;
        }

        return pieces;
    }

    /// <summary>
    /// The 5-minute intervals a series of samples covers, oldest first; samples are taken in time order and
    /// a repeated instant counts once. An interval no pair of samples reached is absent; one reached in part
    /// says how much in <see cref="EnergyInterval.Covered"/>.
    /// </summary>
    public static IReadOnlyList<EnergyInterval> Integrate(IEnumerable<PowerSample> samples, EnergyIntegrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        var ordered = samples.OrderBy(s => s.At).ToList();
        var byStart = new SortedDictionary<DateTimeOffset, EnergyInterval>();
        for (var i = 1; i < ordered.Count; i++)
        {
            foreach (var piece in Between(ordered[i - 1], ordered[i], options))
            {
                byStart[piece.Start] = byStart.TryGetValue(piece.Start, out var sofar) ? sofar.Plus(piece) : piece;
            }
        }

        return [.. byStart.Values];
    }

    /// <summary>The start of the <paramref name="length"/>-long UTC-aligned bucket an instant falls in.</summary>
    public static DateTimeOffset Floor(DateTimeOffset instant, TimeSpan length)
    {
        var ticks = instant.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % length.Ticks), TimeSpan.Zero);
    }

    private static EnergyInterval Piece(PowerSample a, PowerSample b, DateTimeOffset from, DateTimeOffset to,
        DateTimeOffset intervalStart, DateTimeOffset intervalEnd, IntegrationMethod method)
    {
        var hours = (to - from).TotalHours;
        var spanTicks = (double)(b.At - a.At).Ticks;
        var fromFraction = (from - a.At).Ticks / spanTicks;
        var toFraction = (to - a.At).Ticks / spanTicks;

        (double Start, double End) Values(double atA, double atB) => method == IntegrationMethod.LeftRectangle
            ? (atA, atA)
            : (atA + ((atB - atA) * fromFraction), atA + ((atB - atA) * toFraction));

        var solar = Values(a.SolarW, b.SolarW);
        var load = Values(a.LoadW, b.LoadW);
        var grid = Values(a.GridW, b.GridW);
        var battery = Values(a.BatteryW, b.BatteryW);
        return new EnergyInterval(
            intervalStart,
            intervalEnd,
            Solar: Positive(solar.Start, solar.End, hours),
            Home: Positive(load.Start, load.End, hours),
            GridImport: Positive(grid.Start, grid.End, hours),
            GridExport: Positive(-grid.Start, -grid.End, hours),
            BatteryCharge: Positive(-battery.Start, -battery.End, hours),
            BatteryDischarge: Positive(battery.Start, battery.End, hours),
            Covered: to - from);
    }

    /// <summary>Wh of the positive part of a power running linearly from <paramref name="start"/> to <paramref name="end"/> W over <paramref name="hours"/>.</summary>
    private static double Positive(double start, double end, double hours)
    {
        if (start >= 0 && end >= 0)
        {
            return (start + end) / 2 * hours;
        }

        if (start <= 0 && end <= 0)
        {
            return 0;
        }

        // It crosses zero: only the triangle above zero counts.
        var high = Math.Max(start, end);
        var low = Math.Min(start, end);
        return high * (high / (high - low)) * hours / 2;
    }
}
