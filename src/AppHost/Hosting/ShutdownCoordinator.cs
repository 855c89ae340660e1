using System.Runtime.InteropServices;

namespace TeslaSync.AppHost.Hosting;

/// <summary>
/// Turns Ctrl+C (SIGINT) and SIGTERM into one orderly shutdown, and performs it: dependents first
/// (reverse start order), each child asked with SIGTERM and given a grace period before its process
/// tree is killed. A second signal skips the grace periods.
/// </summary>
/// <remarks>
/// In a terminal, Ctrl+C reaches the whole foreground process group, so the children get SIGINT at
/// the same moment we do and start stopping on their own; that is fine (they stop gracefully) and is
/// why an exit just after a signal is not called "unexpected" (see <see cref="Orchestrator"/>).
/// If the AppHost itself is killed hard (SIGKILL), nothing here runs: Linux would need
/// prctl(PR_SET_PDEATHSIG) in the child between fork and exec, which .NET's Process cannot do. So
/// every child gets TESLASYNC_PARENT_PID and the services exit when that process disappears; a
/// redis-server orphaned that way holds nothing but an empty temp dir
/// (find it with <c>pgrep -af teslasync-redis</c>).
/// </remarks>
internal sealed class ShutdownCoordinator(ConsoleLog log) : IDisposable
{
    private readonly CancellationTokenSource requested = new();
    private readonly CancellationTokenSource forced = new();
    private readonly List<PosixSignalRegistration> registrations = [];

    /// <summary>Cancelled when a shutdown is requested (signal or <see cref="RequestShutdown"/>).</summary>
    public CancellationToken Requested => requested.Token;

    public bool IsRequested => requested.IsCancellationRequested;

    /// <summary>Cancelled by a second signal: stop waiting for graceful exits.</summary>
    public CancellationToken Forced => forced.Token;

    public void HandleSignals()
    {
        registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
    }

    public void RequestShutdown()
    {
        if (!requested.IsCancellationRequested)
        {
            requested.Cancel();
        }
    }

    /// <summary>Stops each process in turn, in the order given (dependents first).</summary>
    public async Task StopAllAsync(IEnumerable<ChildProcess> inStopOrder, TimeSpan grace)
    {
        foreach (var process in inStopOrder)
        {
            await process.StopAsync(grace, forced.Token);
        }
    }

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        requested.Dispose();
        forced.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // We exit by ourselves once the children are stopped; the default would end us at once.
        context.Cancel = true;
        if (!requested.IsCancellationRequested)
        {
            log.Info($"Received {context.Signal}; stopping everything (send it again to kill at once).");
            requested.Cancel();
        }
        else if (!forced.IsCancellationRequested)
        {
            log.Info($"Received {context.Signal} again; killing what is still running.");
            forced.Cancel();
        }
    }
}
