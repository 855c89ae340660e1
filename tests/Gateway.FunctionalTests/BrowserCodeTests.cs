using System.Diagnostics;
using TeslaSync.TestSupport;

namespace TeslaSync.Gateway.FunctionalTests;

/// <summary>
/// The browser code's own unit tests (src/Gateway/ClientApp/test, Node's built-in test runner) run as part of
/// the one test command, so a broken price colour or time-zone calculation fails the build like any other test.
/// </summary>
public sealed class BrowserCodeTests
{
    [Fact]
    public async Task NodeUnitTests_AllPass()
    {
        var clientApp = Path.Combine(RepositoryRoot.Path, "src", "Gateway", "ClientApp");
        var start = new ProcessStartInfo("node", ["--test", "--test-reporter=spec", "test/"])
        {
            WorkingDirectory = clientApp,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var node = Process.Start(start) ?? throw new InvalidOperationException("Could not start node (the Gateway's build needs Node.js too).");
        var output = node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);

        var report = await output + await errors;
        Assert.True(node.ExitCode == 0, $"node --test exited with {node.ExitCode}:\n{report}");
        // Guard against a runner that found nothing to run and called that a pass.
        Assert.Matches(@"(?m)^(ℹ|#) pass [1-9]\d*\s*$", report);
    }
}
