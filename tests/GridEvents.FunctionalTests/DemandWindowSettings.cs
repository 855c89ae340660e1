using System.Globalization;

namespace TeslaSync.GridEvents.FunctionalTests;

/// <summary>GridEvents settings for a demand window placed relative to a test's clock.</summary>
internal static class DemandWindowSettings
{
    /// <summary>No DST, so an hour of real time is an hour of wall-clock time whenever the tests run.</summary>
    public const string Zone = "Australia/Brisbane";

    /// <summary>How far <see cref="OpeningAfterAnHour"/>'s window is from the clock: shift by this to go in, and again to go out.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromHours(2);

    /// <summary>
    /// A two-hour window, every day, that opens an hour after <paramref name="clock"/>'s now in
    /// <see cref="Zone"/>: outside at first, inside after one <see cref="Step"/>, outside after two.
    /// </summary>
    public static Dictionary<string, string> OpeningAfterAnHour(TimeProvider clock)
    {
        var now = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(Zone)).DateTime);
        var settings = Window(now.AddHours(1), now.AddHours(3));
        settings["Site:TimeZone"] = Zone;
        return settings;
    }

    /// <summary>A two-hour window around now in <paramref name="zone"/>'s wall-clock time, every day (no Site:TimeZone).</summary>
    public static Dictionary<string, string> AroundNow(TimeZoneInfo zone)
    {
        var now = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
        return Window(now.AddHours(-1), now.AddHours(1));
    }

    private static Dictionary<string, string> Window(TimeOnly start, TimeOnly end) => new()
    {
        ["GridEvents:DemandWindow:Enabled"] = "true",
        ["GridEvents:DemandWindow:Start"] = start.ToString("HH:mm", CultureInfo.InvariantCulture),
        ["GridEvents:DemandWindow:End"] = end.ToString("HH:mm", CultureInfo.InvariantCulture),
        ["GridEvents:DemandWindow:Days"] = "All",
    };
}
