namespace TeslaSync.ServiceDefaults.Logging;

/// <summary>The in-memory log the log viewer reads, bound from <c>Logging:RecentLogs</c>.</summary>
public sealed class RecentLogsOptions
{
    public const string SectionName = "Logging:RecentLogs";
    public const int MaxCapacity = 100_000;

    /// <summary>How many of the most recent entries are kept.</summary>
    public int Capacity { get; set; } = 2000;
}
