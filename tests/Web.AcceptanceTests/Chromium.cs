using Microsoft.Playwright;

namespace TeslaSync.Web.AcceptanceTests;

/// <summary>
/// Debian's Chromium, driven by Playwright. Never a downloaded browser: the machine's package is
/// what CI installs, and a missing one fails the tests with the fix rather than fetching anything.
/// </summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>
    /// Headless and quiet: no sandbox (containers have no user namespaces), no GPU, and none of
    /// Chromium's own traffic (updates, sync, QUIC probes) on a machine whose network is not ours.
    /// </summary>
    private static readonly string[] Arguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException(
                $"Chromium is not installed at {ExecutablePath}. The acceptance tests drive Debian's Chromium, never a " +
                "downloaded browser: run .ci/run (it installs the 'chromium' package) or `sudo apt-get install chromium`.",
                ExecutablePath);
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
