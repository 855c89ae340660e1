using TeslaSync.Domain.Tariffs;

namespace TeslaSync.GridEvents.DemandWindow;

/// <summary>
/// The demand window (SPEC §5), bound from <c>GridEvents:DemandWindow</c>: while it is open the
/// Powerwall may not charge from the grid. Opt-in.
/// </summary>
/// <remarks>
/// Times are the site's wall-clock times (<c>Site:TimeZone</c>, else the zone TariffSync reports).
/// The defaults are TariffSync's own demand-window defaults, so both describe the same network peak.
/// </remarks>
public sealed class DemandWindowOptions
{
    public const string SectionName = "GridEvents:DemandWindow";

    /// <summary>Off unless turned on; turning it off releases a block it holds.</summary>
    public bool Enabled { get; set; }

    /// <summary>When the window opens, local time ("16:00").</summary>
    public TimeOnly Start { get; set; } = new(16, 0);

    /// <summary>When it closes, local time ("21:00"); before <see cref="Start"/> = the window runs over midnight.</summary>
    public TimeOnly End { get; set; } = new(21, 0);

    /// <summary>
    /// The days the window opens on: <c>Weekdays</c>, <c>Weekend</c>, <c>All</c> or a comma-separated
    /// list (<c>Monday,Wednesday</c>). A window over midnight belongs to the day it opens on.
    /// </summary>
    public DaysOfWeek Days { get; set; } = DaysOfWeek.Weekdays;

    public DemandWindowSchedule Schedule => new(new LocalTimeWindow(Start, End), Days);

    /// <summary>Null when the settings are usable, else what is wrong (checked at start).</summary>
    public string? Problem() =>
        Start == End ? "GridEvents:DemandWindow:Start and End must differ (an End before Start is a window over midnight)."
        : Days == DaysOfWeek.None || (Days & ~DaysOfWeek.All) != 0 ? "GridEvents:DemandWindow:Days must name at least one day of the week (e.g. Weekdays or Monday,Tuesday)."
        : null;
}
