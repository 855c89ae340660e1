using System.Diagnostics;

namespace TeslaSync.TestSupport;

/// <summary>
/// A server program the tests run themselves (redis-server, mosquitto) in a temp folder of its own on a fixed
/// loopback port: it can be stopped and started again on that port (as a crash or a restart would), and is
/// killed even when a failing test never disposes it.
/// </summary>
public abstract class LocalServerProcess : IAsyncDisposable
{
    private Process? _process;

    protected LocalServerProcess(string name, int port)
    {
        Port = port;
        WorkDirectory = Directory.CreateTempSubdirectory($"teslasync-{name}-").FullName;
    }

    public int Port { get; }

    /// <summary>The server's own temp folder (config, data), deleted on dispose.</summary>
    protected string WorkDirectory { get; }

    /// <summary>Stops the server without forgetting its port.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Stops the server and starts it again on the same port.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Starts the program (with <see cref="Launch"/>) and returns once it answers.</summary>
    protected abstract Task StartProcessAsync();

    /// <summary>Starts <paramref name="start"/>, hands each output line to <paramref name="onOutput"/>, and kills it when the test run exits.</summary>
    /// <param name="notInstalled">The error when the program cannot be started, saying how to install it.</param>
    protected Process Launch(ProcessStartInfo start, string notInstalled, Action<string?> onOutput)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException(notInstalled, exception);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillQuietly(process);
        process.OutputDataReceived += (_, line) => onOutput(line.Data);
        process.ErrorDataReceived += (_, line) => onOutput(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        return process;
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
