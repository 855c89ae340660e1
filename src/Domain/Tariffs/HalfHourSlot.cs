using System.Globalization;

namespace TeslaSync.Domain.Tariffs;

/// <summary>
/// One of the 48 local wall-clock half-hours of a Tesla tariff day, named by its start
/// (<c>PERIOD_17_30</c> covers 17:30–18:00 local time).
/// </summary>
public readonly record struct HalfHourSlot
{
    public const int PerDay = 48;

    public HalfHourSlot(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, PerDay);
        Index = index;
    }

    /// <summary>0 for 00:00–00:30, 47 for 23:30–24:00.</summary>
    public int Index { get; }

    public int StartHour => Index / 2;

    public int StartMinute => Index % 2 * 30;

    /// <summary>The end as Tesla writes it: the last slot ends at hour 24.</summary>
    public int EndHour => (Index + 1) / 2;

    public int EndMinute => (Index + 1) % 2 * 30;

    public string Name => string.Create(CultureInfo.InvariantCulture, $"PERIOD_{StartHour:00}_{StartMinute:00}");

    public static IEnumerable<HalfHourSlot> All => Enumerable.Range(0, PerDay).Select(index => new HalfHourSlot(index));

    /// <summary>The slot a local wall-clock time falls in.</summary>
    public static HalfHourSlot Containing(TimeOnly localTime) => new((localTime.Hour * 2) + (localTime.Minute / 30));

    public override string ToString() => Name;
}
