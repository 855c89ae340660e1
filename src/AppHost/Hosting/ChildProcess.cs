using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace TeslaSync.AppHost.Hosting;

/// <summary>
/// A running child process (Redis or a service): prefixes its output, keeps its last lines for error
/// messages, and stops it politely (SIGTERM, then the whole process tree after a grace period).
/// </summary>
internal sealed class ChildProcess
{
    private const int TailLength = 30;

    private readonly Process process;
    private readonly ConsoleLog log;
    private readonly Queue<string> tail = new();
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string name, Process process, ConsoleLog log)
    {
        Name = name;
        this.process = process;
        this.log = log;
    }

    public string Name { get; }

    public int Id { get; private set; }

    /// <summary>Completes with the exit code.</summary>
    public Task<int> Exited => exited.Task;

    public bool HasExited => exited.Task.IsCompleted;

    /// <summary>Set before we stop it, so its exit is not reported as unexpected.</summary>
    public bool StopRequested { get; private set; }

    public static ChildProcess Start(string name, ProcessStartInfo startInfo, ConsoleLog log)
    {
        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;

        // Children must not share our terminal's stdin: a .NET child reconfigures the terminal and
        // Ctrl+C handling belongs to the AppHost.
        startInfo.RedirectStandardInput = true;
        startInfo.StandardOutputEncoding = Encoding.UTF8;
        startInfo.StandardErrorEncoding = Encoding.UTF8;

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, log);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, isError: true);
        process.Exited += (_, _) => _ = child.OnExitedAsync();

        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new AppHostException($"Could not start {name} ({startInfo.FileName}): {e.Message}", e);
        }

        child.Id = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The last lines it wrote, for "never became healthy" and "exited" messages.</summary>
    public IReadOnlyList<string> LastLines()
    {
        lock (tail)
        {
            return [.. tail];
        }
    }

    public string DescribeLastLines()
    {
        var lines = LastLines();
        return lines.Count == 0
            ? $"{Name} wrote no output."
            : $"Last output of {Name}:\n" + string.Join('\n', lines.Select(l => "    " + l));
    }

    /// <summary>SIGTERM, wait up to <paramref name="grace"/> (or until <paramref name="force"/>), then kill the tree.</summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken force)
    {
        StopRequested = true;
        if (HasExited)
        {
            return;
        }

        log.Info($"Stopping {Name} (SIGTERM to pid {Id}).");
        Posix.SendSignal(Id, Posix.SIGTERM);

        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(force))
        {
            wait.CancelAfter(grace);
            try
            {
                await Exited.WaitAsync(wait.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                // Fall through to killing it.
            }
        }

        log.Error($"{Name} did not stop within {grace.TotalSeconds:0} s; killing its process tree.");
        Kill();
        try
        {
            await Exited.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            log.Error($"{Name} (pid {Id}) is still running after being killed.");
        }
    }

    public void Kill()
    {
        StopRequested = true;
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (Win32Exception)
        {
            // Exited between the check and the signal.
        }
    }

    private void OnLine(string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }

        lock (tail)
        {
            tail.Enqueue(line);
            if (tail.Count > TailLength)
            {
                tail.Dequeue();
            }
        }

        log.Output(Name, line, isError);
    }

    private async Task OnExitedAsync()
    {
        try
        {
            // Let the last lines through the prefixer first (bounded: a grandchild could hold the pipe).
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
        }

        exited.TrySetResult(process.ExitCode);
    }
}
