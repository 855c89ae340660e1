using System.Globalization;
using TeslaSync.Domain.Tariffs;

namespace TeslaSync.GridEvents.Settings;

/// <summary>What a setting's value is, and so how it is written as text.</summary>
public enum SettingKind
{
    Bool,
    Number,
    Time,
    Days,
}

/// <summary>
/// Writes a setting's value as text and reads it back, for storage and the wire: one canonical
/// form per kind, so a stored value and a configured one compare equal when they mean the same.
/// </summary>
internal static class SettingFormat
{
    private static readonly DaysOfWeek[] SingleDays =
        [DaysOfWeek.Monday, DaysOfWeek.Tuesday, DaysOfWeek.Wednesday, DaysOfWeek.Thursday, DaysOfWeek.Friday, DaysOfWeek.Saturday, DaysOfWeek.Sunday];

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Number(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    public static string Minutes(TimeSpan value) => Number((decimal)value.TotalMinutes);

    public static string Time(TimeOnly value) => value.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Always the single day names, Monday first: "Monday,Tuesday".</summary>
    public static string Days(DaysOfWeek value) => string.Join(',', SingleDays.Where(day => value.HasFlag(day)));

    /// <summary>Null with the reason in <paramref name="problem"/> when <paramref name="text"/> is no bool.</summary>
    public static bool? ParseBool(string text, out string? problem)
    {
        problem = null;
        if (bool.TryParse(text.Trim(), out var value))
        {
            return value;
        }

        problem = $"'{text}' must be true or false.";
        return null;
    }

    public static decimal? ParseNumber(string text, out string? problem)
    {
        problem = null;
        if (decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problem = $"'{text}' must be a number written with a '.' (e.g. 300 or 1.5).";
        return null;
    }

    public static TimeOnly? ParseTime(string text, out string? problem)
    {
        problem = null;
        if (TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value;
        }

        problem = $"'{text}' must be a time of day written HH:mm (e.g. 16:00).";
        return null;
    }

    /// <summary>Day names, comma-separated, or Weekdays, Weekend or All; numbers are refused (they are not days).</summary>
    public static DaysOfWeek? ParseDays(string text, out string? problem)
    {
        problem = null;
        var days = DaysOfWeek.None;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Any(char.IsDigit) || !Enum.TryParse<DaysOfWeek>(part, ignoreCase: true, out var day) || day == DaysOfWeek.None)
            {
                problem = $"'{part}' is not a day: use Monday to Sunday, Weekdays, Weekend or All.";
                return null;
            }

            days |= day;
        }

        if (days == DaysOfWeek.None)
        {
            problem = "Name at least one day of the week.";
            return null;
        }

        return days;
    }
}
