namespace TeslaSync.Domain.Tariffs;

/// <summary>A half-hour of one local calendar day: the slot on a given date.</summary>
public readonly record struct LocalHalfHour(DateOnly Date, HalfHourSlot Slot)
{
    /// <summary>The local half-hour an instant falls in, in the site's time zone.</summary>
    public static LocalHalfHour Of(DateTimeOffset instant, TimeZoneInfo timeZone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, timeZone).DateTime;
        return new LocalHalfHour(DateOnly.FromDateTime(local), HalfHourSlot.Containing(TimeOnly.FromDateTime(local)));
    }

    /// <summary>The next half-hour on the wall clock (the day's last slot is followed by the next day's first).</summary>
    public LocalHalfHour Next() =>
        Slot.Index == HalfHourSlot.PerDay - 1
            ? new LocalHalfHour(Date.AddDays(1), new HalfHourSlot(0))
            : new LocalHalfHour(Date, new HalfHourSlot(Slot.Index + 1));

    /// <summary>The local date and start time, e.g. <c>2025-04-06 02:00</c> (for logs and refusal reasons).</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Date:yyyy-MM-dd} {Slot.StartHour:00}:{Slot.StartMinute:00}");
}
