using System.Diagnostics;
using System.Globalization;
using TeslaSync.TestSupport;

namespace TeslaSync.ServiceTesting;

/// <summary>
/// One built TeslaSync service run as its own process, with the environment the launcher would
/// give it (two Kestrel endpoints, data directory, parent pid), so a test can kill it without
/// warning and start it again on the same ports and the same data.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string _assembly;
    private readonly Dictionary<string, string> _environment;
    private readonly List<string> _lines = [];
    private Process? _process;

    private ServiceProcess(string name, string assembly, int httpPort, int healthPort)
    {
        Name = name;
        _assembly = assembly;
        HttpUrl = $"http://127.0.0.1:{httpPort}";
        HealthUrl = $"http://127.0.0.1:{healthPort}";
        _environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["OTEL_SERVICE_NAME"] = name,
            ["NO_COLOR"] = "1",
            // The services' watchdog: they exit if this test run dies without stopping them.
            ["TESLASYNC_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            ["Kestrel__Endpoints__http__Url"] = HttpUrl,
            ["Kestrel__Endpoints__http__Protocols"] = "Http2",
            ["Kestrel__Endpoints__health__Url"] = HealthUrl,
            ["Kestrel__Endpoints__health__Protocols"] = "Http1",
        };
    }

    /// <summary>The resource name, e.g. <c>gridevents</c>.</summary>
    public string Name { get; }

    /// <summary>The gRPC endpoint (HTTP/2 with prior knowledge).</summary>
    public string HttpUrl { get; }

    public string HealthUrl { get; }

    /// <summary>What another service needs to find this one: <c>services:&lt;name&gt;:http:0</c> as an environment variable.</summary>
    public IReadOnlyDictionary<string, string> Discovery => new Dictionary<string, string>
    {
        [$"services__{Name}__http__0"] = HttpUrl,
        [$"services__{Name}__health__0"] = HealthUrl,
    };

    public int Id => _process?.Id ?? throw new InvalidOperationException($"{Name} was never started.");

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>A service with its ports chosen, not yet started (so services can be told of each other first).</summary>
    /// <param name="project">The project folder under <c>src</c>, e.g. <c>GridEvents</c>; it must have been built with the tests.</param>
    public static ServiceProcess Create(string project) =>
        new(project.ToLowerInvariant(), BuiltAssembly(project), FreePort.Next(), FreePort.Next());

    /// <summary>Starts it with this configuration (environment variables, <c>Section__Key</c>) and waits until it is healthy.</summary>
    public Task StartAsync(IReadOnlyDictionary<string, string> environment, TimeSpan? patience = null)
    {
        foreach (var (key, value) in environment)
        {
            _environment.TryAdd(key, value);
        }

        return RestartAsync(patience);
    }

    /// <summary>Starts the process again (after <see cref="Kill"/>) with the same configuration, ports and data, and waits until it is healthy.</summary>
    public async Task RestartAsync(TimeSpan? patience = null)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException($"{Name} is still running.");
        }

        _process?.Dispose();
        var startInfo = new ProcessStartInfo(DotNet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_assembly)!,
        };
        startInfo.ArgumentList.Add(_assembly);
        foreach (var (key, value) in _environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitHealthyAsync(patience ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or a power cut.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            // SIGTERM first, so the service shuts down as it would under the launcher.
            ProcessTable.Signal(process.Id, ProcessTable.SIGTERM);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        _process?.Dispose();
    }

    private async Task WaitHealthyAsync(TimeSpan patience)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < patience)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was healthy.\n{Output}");
            }

            try
            {
                if (await http.GetStringAsync(new Uri($"{HealthUrl}/health")) == "Healthy")
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or not healthy yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name} was not healthy within {patience}.\n{Output}");
    }

    private static string DotNet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";

    /// <summary>src/&lt;project&gt;/bin/&lt;configuration&gt;/net10.0/TeslaSync.&lt;project&gt;.dll, built in the tests' configuration.</summary>
    private static string BuiltAssembly(string project)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var path = Path.Combine(RepositoryRoot.Path, "src", project, "bin", configuration, "net10.0", $"TeslaSync.{project}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} was not built with the tests.", path);
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
