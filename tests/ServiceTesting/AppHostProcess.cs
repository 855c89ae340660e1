using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace TeslaSync.ServiceTesting;

/// <summary>
/// An AppHost (the real one or a test one) run as a real process, as `dotnet run` would run it,
/// with its output captured line by line, a state file, and a private data directory.
/// </summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> lines = [];
    private readonly DirectoryInfo workDirectory;

    private AppHostProcess(Process process, DirectoryInfo workDirectory, string stateFile)
    {
        this.process = process;
        this.workDirectory = workDirectory;
        StateFile = stateFile;
    }

    /// <summary>The dotnet host running these tests (the SDK sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string DotNet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";

    public int Id => process.Id;

    public string StateFile { get; }

    public string Output
    {
        get
        {
            lock (lines)
            {
                return string.Join('\n', lines);
            }
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    /// <summary>The variable the launcher gives every child: its own process id.</summary>
    public const string ParentPidVariable = "TESLASYNC_PARENT_PID";

    /// <summary>Where the launcher writes its state file once everything is ready.</summary>
    public const string StateFileVariable = "TESLASYNC_APPHOST_STATE_FILE";

    /// <param name="appHostAssembly">The built AppHost, run as <c>dotnet &lt;assembly&gt;</c>.</param>
    public static AppHostProcess Start(string appHostAssembly, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        var workDirectory = Directory.CreateTempSubdirectory("apphost-tests-");
        var stateFile = Path.Combine(workDirectory.FullName, "state.json");

        var startInfo = new ProcessStartInfo(DotNet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workDirectory.FullName,
        };
        startInfo.ArgumentList.Add(appHostAssembly);
        startInfo.ArgumentList.Add("--AppHost:StartupTimeoutSeconds=60");
        startInfo.ArgumentList.Add("--AppHost:StopTimeoutSeconds=10");
        startInfo.ArgumentList.Add($"--AppHost:DataDirectory={Path.Combine(workDirectory.FullName, "data")}");
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["NO_COLOR"] = "1";
        startInfo.Environment[StateFileVariable] = stateFile;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var host = new AppHostProcess(process, workDirectory, stateFile);
        process.OutputDataReceived += (_, e) => host.Add(e.Data);
        process.ErrorDataReceived += (_, e) => host.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < timeout)
        {
            var match = Lines.FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }

            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                match = Lines.FirstOrDefault(predicate);
                return match ?? throw new InvalidOperationException($"The AppHost exited with code {process.ExitCode} before the expected line.\n{Output}");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The expected line did not appear within {timeout}.\n{Output}");
    }

    public Task<string> WaitUntilReadyAsync() =>
        WaitForLineAsync(l => l.StartsWith("TeslaSync is ready", StringComparison.Ordinal), TimeSpan.FromSeconds(120));

    public JsonNode ReadState() => JsonNode.Parse(File.ReadAllText(StateFile))!;

    public void Signal(int signal)
    {
        if (signal == ProcessTable.SIGINT && ProcessTable.IsIgnoredHere(signal))
        {
            // Otherwise this surfaces 30 s later as "the AppHost did not exit", which points at the AppHost.
            throw new InvalidOperationException(
                "This test run ignores SIGINT (inherited from what started it, e.g. a background job of a non-interactive shell), " +
                "so the AppHost inherited that and cannot see Ctrl+C. Run the tests with SIGINT at its default disposition.");
        }

        ProcessTable.Signal(process.Id, signal);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The AppHost did not exit within {timeout}.\n{Output}");
        }

        return process.ExitCode;
    }

    /// <summary>
    /// Its live children: direct children, plus anything carrying its TESLASYNC_PARENT_PID (which
    /// would find a service even after it was orphaned).
    /// </summary>
    public IReadOnlyList<int> Children() =>
        ProcessTable.WithEnvironment(ParentPidVariable, Id.ToString(CultureInfo.InvariantCulture))
            .Concat(ProcessTable.ChildrenOf(Id))
            .Where(pid => pid != Id)
            .Distinct()
            .ToList();

    public async ValueTask DisposeAsync()
    {
        // Safety net for a failed test: never leave processes behind on the machine.
        var children = Children();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        foreach (var child in children.Where(ProcessTable.IsRunning))
        {
            try
            {
                Process.GetProcessById(child).Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
            }
        }

        process.Dispose();
        try
        {
            workDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
        }
    }
}
