using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Stops this service when the launcher that started it has gone (for example after it was
/// killed hard), so no orphaned service keeps running. The launcher passes its process id in
/// <c>TESLASYNC_PARENT_PID</c>; without it the watchdog does nothing.
/// </summary>
internal sealed partial class ParentProcessWatchdog(
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ParentProcessWatchdog> logger) : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var value = Environment.GetEnvironmentVariable("TESLASYNC_PARENT_PID");
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parentId))
        {
            return;
        }

        using var timer = new PeriodicTimer(CheckEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!IsRunning(parentId))
            {
                LogParentGone(parentId);
                lifetime.StopApplication();
                return;
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The launcher (process {ParentId}) has gone; stopping.")]
    private partial void LogParentGone(int parentId);
}
