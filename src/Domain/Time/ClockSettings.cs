using System.Globalization;

namespace TeslaSync.Domain.Time;

/// <summary>
/// The <c>Clock</c> settings of a replay (demo and tests only): the simulated instant
/// <paramref name="Start"/> is "now" at the wall-clock instant <paramref name="Anchor"/>, and
/// time runs <paramref name="Speed"/> times faster from there.
/// </summary>
public sealed record ClockSettings(DateTimeOffset Start, DateTimeOffset Anchor, double Speed)
{
    public const string SectionName = "Clock";
    public const double MaxSpeed = 3600;

    /// <summary>
    /// Reads <c>Clock:Start</c>, <c>Clock:Speed</c> and <c>Clock:Anchor</c> (wall-clock instant,
    /// default: now). Null when no <c>Clock:Start</c> is set: the system runs on the wall clock.
    /// </summary>
    /// <exception cref="FormatException">A value is present but unusable; the message names the key.</exception>
    public static ClockSettings? Read(Func<string, string?> setting, DateTimeOffset wallClockNow)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var start = setting($"{SectionName}:Start");
        if (string.IsNullOrWhiteSpace(start))
        {
            return null;
        }

        var speedText = setting($"{SectionName}:Speed");
        var anchorText = setting($"{SectionName}:Anchor");
        var speed = string.IsNullOrWhiteSpace(speedText) ? 1d : ParseSpeed(speedText);
        var anchor = string.IsNullOrWhiteSpace(anchorText) ? wallClockNow : ParseInstant("Anchor", anchorText);
        return new ClockSettings(ParseInstant("Start", start), anchor, speed);
    }

    /// <summary>The clock these settings describe, or <paramref name="wallClock"/> itself when there are none.</summary>
    public static TimeProvider Create(ClockSettings? settings, TimeProvider wallClock) =>
        settings is null ? wallClock : new AcceleratedTimeProvider(settings, wallClock);

    private static double ParseSpeed(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var speed) && speed is >= 1 and <= MaxSpeed
            ? speed
            : throw new FormatException($"{SectionName}:Speed must be a number from 1 to {MaxSpeed}; got '{text}'.");

    private static DateTimeOffset ParseInstant(string key, string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant
            : throw new FormatException($"{SectionName}:{key} must be an ISO 8601 instant such as 2026-01-18T00:00:00+10:00; got '{text}'.");
}
