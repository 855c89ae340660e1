using System.Runtime.InteropServices;

namespace TeslaSync.SystemBenchmarks;

/// <summary>
/// Ctrl+C, or SIGTERM (a script's timeout), cancels <see cref="Token"/> instead of ending the process: the
/// benchmark stops measuring and its finally blocks stop every process it started. Without it the runtime
/// exits without unwinding and leaves the system running.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration _terminate;

    public StopSignal()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _cancellation.Cancel();
        });
    }

    public CancellationToken Token => _cancellation.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _terminate.Dispose();
        _cancellation.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _cancellation.Cancel();
    }
}
