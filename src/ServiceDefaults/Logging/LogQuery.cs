using Microsoft.Extensions.Logging;

namespace TeslaSync.ServiceDefaults.Logging;

/// <summary>
/// Which entries the log viewer wants: this level and above, containing some text (in the
/// message, category or exception, ignoring case), at most <see cref="Limit"/> of them.
/// </summary>
public sealed record LogQuery(LogLevel MinimumLevel, string? Contains, int Limit)
{
    public const int DefaultLimit = 500;
    public const int MaxLimit = 10_000;
    public const int MaxContainsLength = 200;

    /// <summary>The levels a query may name, least severe first (<c>None</c> is not a level an entry has).</summary>
    public static IReadOnlyList<LogLevel> Levels { get; } =
        [LogLevel.Trace, LogLevel.Debug, LogLevel.Information, LogLevel.Warning, LogLevel.Error, LogLevel.Critical];

    public bool Matches(LogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Level < MinimumLevel)
        {
            return false;
        }

        return string.IsNullOrEmpty(Contains)
            || entry.Message.Contains(Contains, StringComparison.OrdinalIgnoreCase)
            || entry.Category.Contains(Contains, StringComparison.OrdinalIgnoreCase)
            || (entry.Exception?.Contains(Contains, StringComparison.OrdinalIgnoreCase) ?? false);
    }

    /// <summary>A level by its name, ignoring case; numbers and <c>None</c> are not accepted.</summary>
    public static bool TryParseLevel(string? text, out LogLevel level)
    {
        foreach (var candidate in Levels)
        {
            if (string.Equals(candidate.ToString(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                level = candidate;
                return true;
            }
        }

        level = LogLevel.None;
        return false;
    }
}
