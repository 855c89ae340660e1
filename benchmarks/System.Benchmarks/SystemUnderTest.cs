using System.Globalization;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;

namespace TeslaSync.SystemBenchmarks;

/// <summary>
/// The AppHost started as a user starts it (demo mode, or a replay), from this configuration's
/// build output, with a private data directory and Gateway port; every process it starts is
/// stopped on dispose, whatever happened.
/// </summary>
internal sealed class SystemUnderTest : IAsyncDisposable
{
    /// <summary>The order processes are listed in; anything else comes after.</summary>
    private static readonly string[] Order = ["launcher", "redis-server", "Simulator", "PriceIngest", "TariffSync", "GridEvents", "Telemetry", "Gateway"];

    private readonly AppHostProcess host;

    private SystemUnderTest(AppHostProcess host) => this.host = host;

    public AppHostProcess Host => host;

    /// <param name="environment">Added to the launcher's environment, which every process it starts inherits (e.g. <c>TariffSync__MaterialChangePerKwh</c>).</param>
    /// <param name="arguments">The launcher's command line.</param>
    public static SystemUnderTest Start(IReadOnlyDictionary<string, string>? environment = null, params string[] arguments) =>
        new(AppHostProcess.Start(AppHostAssembly(), environment, [$"--Gateway:Port={FreePort.Next()}", .. arguments]));

    /// <summary>The launcher and everything it started, in <see cref="Order"/>.</summary>
    public IReadOnlyList<ProcessSample> Sample()
    {
        var samples = new List<ProcessSample>();
        if (ProcessSample.Read(host.Id, "launcher") is { } launcher)
        {
            samples.Add(launcher);
        }

        foreach (var child in host.Children())
        {
            if (ProcessSample.Read(child) is { } sample)
            {
                samples.Add(sample);
            }
        }

        return [.. samples.OrderBy(s => Array.IndexOf(Order, s.Name) is var i and >= 0 ? i : Order.Length).ThenBy(s => s.Name, StringComparer.Ordinal)];
    }

    /// <summary>A value of the environment the launcher gave one of its children (e.g. the replay clock), or null.</summary>
    public string? ChildEnvironment(string processName, string key)
    {
        foreach (var child in host.Children().Where(c => ProcessSample.NameOf(c) == processName))
        {
            try
            {
                var entry = File.ReadAllText($"/proc/{child}/environ").Split('\0').FirstOrDefault(e => e.StartsWith(key + "=", StringComparison.Ordinal));
                if (entry is not null)
                {
                    return entry[(key.Length + 1)..];
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    /// <summary>
    /// Stops it as Ctrl+C would (SIGTERM, which works even when this runs as a background job that
    /// ignores SIGINT) and waits; true when the launcher exited and left nothing running.
    /// </summary>
    public async Task<bool> StopAsync(TimeSpan patience)
    {
        var children = host.Children();
        try
        {
            host.Signal(ProcessTable.SIGTERM);
            await host.WaitForExitAsync(patience);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            return false;
        }

        // The launcher waits for its children, but give a straggler a moment before calling it left behind.
        for (var i = 0; i < 50 && children.Any(ProcessTable.IsRunning); i++)
        {
            await Task.Delay(100, CancellationToken.None);
        }

        return !children.Any(ProcessTable.IsRunning);
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    /// <summary>The launcher built with the same configuration as this benchmark (bin/&lt;Configuration&gt;/net10.0).</summary>
    private static string AppHostAssembly()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = Path.Combine(RepositoryRoot.Path, "src", "AppHost", "bin", configuration, "net10.0", "TeslaSync.AppHost.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(string.Create(CultureInfo.InvariantCulture, $"The AppHost was not built with this benchmark ({configuration})."), path);
    }
}
