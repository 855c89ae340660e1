using Microsoft.Extensions.Logging;

namespace TeslaSync.ServiceDefaults.Logging;

/// <summary>
/// Logs into the <see cref="RecentLogBuffer"/>. The alias lets <c>Logging:RecentLogs:LogLevel</c>
/// choose what is kept; otherwise the usual <c>Logging:LogLevel</c> rules apply.
/// </summary>
[ProviderAlias("RecentLogs")]
public sealed class RecentLogsLoggerProvider(RecentLogBuffer buffer, TimeProvider time) : ILoggerProvider
{
    /// <summary>A runaway message or a deep stack trace must not let a few entries hold megabytes.</summary>
    public const int MaxMessageLength = 4000;

    public const int MaxExceptionLength = 8000;

    public ILogger CreateLogger(string categoryName) => new RecentLogsLogger(categoryName, buffer, time);

    public void Dispose()
    {
        // Nothing to flush: the buffer lives as long as the service.
    }

    internal static string Trim(string text, int maxLength) =>
        text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength), "…");

    private sealed class RecentLogsLogger(string category, RecentLogBuffer buffer, TimeProvider time) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            ArgumentNullException.ThrowIfNull(formatter);
            var message = formatter(state, exception);
            buffer.Add(new LogEntry(
                time.GetUtcNow(),
                logLevel,
                category,
                Trim(message, MaxMessageLength),
                exception is null ? null : Trim(exception.ToString(), MaxExceptionLength)));
        }
    }
}
