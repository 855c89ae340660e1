namespace TeslaSync.Domain.Tariffs;

/// <summary>
/// Tesla's day-of-week numbering, 0 = Monday … 6 = Sunday. It differs from
/// <see cref="DayOfWeek"/> (Sunday = 0): a tool that mixed the two silently broke exports for weeks.
/// </summary>
public static class TeslaDayOfWeek
{
    public const int Monday = 0;
    public const int Sunday = 6;
    public const int DaysPerWeek = 7;

    private static readonly string[] Names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    public static int From(DayOfWeek day) => ((int)day + 6) % DaysPerWeek;

    public static int Of(DateOnly date) => From(date.DayOfWeek);

    /// <summary>The English name of a Tesla day number, for messages.</summary>
    public static string Name(int teslaDay) =>
        teslaDay is >= Monday and <= Sunday ? Names[teslaDay] : $"day {teslaDay}";
}
