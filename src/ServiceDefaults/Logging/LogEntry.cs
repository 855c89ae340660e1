using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace TeslaSync.ServiceDefaults.Logging;

/// <summary>One log entry as the log viewer shows it: when (UTC), how bad, from where and what it said.</summary>
public sealed record LogEntry(
    DateTimeOffset At,
    [property: JsonConverter(typeof(JsonStringEnumConverter<LogLevel>))] LogLevel Level,
    string Category,
    string Message,
    string? Exception);

/// <summary>What <c>GET /logs</c> answers: the matching entries, newest first.</summary>
public sealed record LogEntries(IReadOnlyList<LogEntry> Entries);
