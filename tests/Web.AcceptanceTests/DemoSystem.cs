using Microsoft.Playwright;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;

namespace TeslaSync.Web.AcceptanceTests;

/// <summary>
/// The whole system as a user runs it in demo mode (the launcher starting Redis, the simulator and
/// every service as real processes), with its own fresh data directory and Gateway port, plus a
/// headless Chromium to drive the dashboard. Started once per test class or collection: each start
/// costs the machine tens of seconds.
/// </summary>
public class DemoSystem : IAsyncLifetime
{
    private AppHostProcess? host;
    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>The Gateway's base address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Gateway { get; private set; } = null!;

    /// <summary>The simulator standing in for Amber, Tesla and AEMO; its /sim endpoints show what it received.</summary>
    public Uri Simulator { get; private set; } = null!;

    /// <summary>The simulated Powerwall's energy site (the simulator's default).</summary>
    public static string EnergySiteId => "2252150839614386";

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The system has not started.");

    public virtual async ValueTask InitializeAsync()
    {
        // A private data directory under the temp folder (AppHostProcess passes --AppHost:DataDirectory), so
        // a test run never reads or writes the clone's .data/ and every fixture starts as a first run.
        host = AppHostProcess.Start(AppHostAssembly(), arguments: [$"--Gateway:Port={FreePort.Next()}"]);
        var ready = await host.WaitUntilReadyAsync();
        Gateway = new Uri(ready["TeslaSync is ready: ".Length..].Trim().TrimEnd('/') + "/");
        var state = host.ReadState();
        Simulator = new Uri((string)state["resources"]!["simulator"]!["endpoints"]!["http"]! + "/");

        var dataDirectory = Path.Combine(Path.GetDirectoryName(host.StateFile)!, "data");
        if (!Directory.Exists(dataDirectory) || !Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            throw new InvalidOperationException($"The launcher did not put the services' data under {dataDirectory}.\n{host.Output}");
        }

        (playwright, browser) = await Chromium.LaunchAsync();
        Assertions.SetDefaultExpectTimeout((float)BrowserPage.Patience.TotalMilliseconds);
    }

    /// <summary>A new browser context (cookies of its own) and page on the Gateway, recording console problems.</summary>
    public async Task<BrowserPage> NewPageAsync(string? storageState = null, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Gateway.ToString(),
            StorageState = storageState,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-AU",
            TimezoneId = "Australia/Adelaide",
        });
        return await BrowserPage.OpenAsync(context);
    }

    /// <summary>The launcher's output so far, for a failure message.</summary>
    public string Output => host?.Output ?? string.Empty;

    public virtual async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The launcher built with the same configuration as these tests.</summary>
    private static string AppHostAssembly()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var path = Path.Combine(RepositoryRoot.Path, "src", "AppHost", "bin", configuration, "net10.0", "TeslaSync.AppHost.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("The AppHost was not built with the tests.", path);
    }
}
