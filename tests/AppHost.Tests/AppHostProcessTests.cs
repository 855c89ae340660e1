using System.Net;
using System.Text.Json.Nodes;

namespace TeslaSync.AppHost.Tests;

/// <summary>
/// The launcher as the user runs it: TestApps/TestAppHost (the real hosting code) in its own process,
/// starting Redis and TestApps/TestWebApp twice ("backend" with gRPC-style http + health endpoints,
/// "frontend" with one web endpoint).
/// </summary>
public sealed class AppHostProcessTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Run_SigInt_StopsEveryChildInReverseOrderAndExitsZero()
    {
        await using var host = TestAppHostProcess.Start("web");
        var ready = await host.WaitUntilReadyAsync();
        var state = host.ReadState();
        var frontendUrl = (string)state["resources"]!["frontend"]!["endpoints"]!["http"]!;
        var processIds = new[] { "redis", "backend", "frontend" }.Select(name => (int)state["resources"]![name]!["pid"]!).ToList();

        Assert.Equal($"TeslaSync is ready: {frontendUrl}", ready);
        Assert.Single(host.Lines, l => l.StartsWith("TeslaSync is ready", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(frontendUrl + "/health"), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(processIds.Order(), host.Children().Order());

        host.Signal(ProcessTable.SIGINT);
        var exitCode = await host.WaitForExitAsync(ExitTimeout);

        Assert.True(exitCode == 0, host.Output);
        Assert.All(processIds, pid => Assert.False(ProcessTable.IsRunning(pid), $"pid {pid} survived.\n{host.Output}"));
        Assert.Empty(host.Children());
        Assert.False(File.Exists(host.StateFile), "The state file outlived the AppHost.");
        var output = host.Output;
        var stopFrontend = output.IndexOf("Stopping frontend", StringComparison.Ordinal);
        var stopBackend = output.IndexOf("Stopping backend", StringComparison.Ordinal);
        var stopRedis = output.IndexOf("Stopping redis", StringComparison.Ordinal);
        Assert.True(stopFrontend >= 0 && stopFrontend < stopBackend && stopBackend < stopRedis, output);
    }

    [Fact]
    public async Task Run_WebScenario_ServicesGetAspireEnvironmentContractAndSigTermStopsAll()
    {
        await using var host = TestAppHostProcess.Start(
            "web",
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:1", ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317" });
        await host.WaitUntilReadyAsync();
        var state = host.ReadState();
        var backend = state["resources"]!["backend"]!["endpoints"]!;
        var frontend = state["resources"]!["frontend"]!["endpoints"]!;

        var backendEnv = await EnvironmentOf((string)backend["health"]!);
        var frontendEnv = await EnvironmentOf((string)frontend["http"]!);

        var variables = backendEnv["variables"]!;
        Assert.Equal((string)state["redis"]!["connectionString"]!, (string?)variables["ConnectionStrings__redis"]);
        Assert.Equal("backend", (string?)variables["OTEL_SERVICE_NAME"]);
        Assert.Equal("http://127.0.0.1:4317", (string?)variables["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("Development", (string?)variables["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal((string)backend["http"]!, (string?)variables["Kestrel__Endpoints__http__Url"]);
        Assert.Equal("Http2", (string?)variables["Kestrel__Endpoints__http__Protocols"]);
        Assert.Equal("Http1", (string?)variables["Kestrel__Endpoints__health__Protocols"]);
        Assert.Equal(host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)variables["TESLASYNC_PARENT_PID"]);
        Assert.Null(variables["ASPNETCORE_URLS"]);
        Assert.Null(variables["TESLASYNC_APPHOST_STATE_FILE"]);
        Assert.Equal(Path.Combine(RepositoryRoot.Path, "tests", "AppHost.Tests", "TestApps", "TestWebApp"), (string?)backendEnv["workingDirectory"]);

        variables = frontendEnv["variables"]!;
        Assert.Equal((string)backend["http"]!, (string?)variables["services__backend__http__0"]);
        Assert.Equal((string)backend["health"]!, (string?)variables["services__backend__health__0"]);
        Assert.Equal("Http1", (string?)variables["Kestrel__Endpoints__http__Protocols"]);
        Assert.Null(variables["Kestrel__Endpoints__health__Url"]);
        Assert.Null(variables["ConnectionStrings__redis"]);

        var children = host.Children();
        host.Signal(ProcessTable.SIGTERM);

        Assert.True(await host.WaitForExitAsync(ExitTimeout) == 0, host.Output);
        Assert.All(children, pid => Assert.False(ProcessTable.IsRunning(pid), $"pid {pid} survived."));
    }

    [Fact]
    public async Task Run_RedisServerNotOnPath_PrintsInstallHintAndExitsNonZero()
    {
        var emptyPath = Directory.CreateTempSubdirectory("apphost-tests-nopath-");
        try
        {
            await using var host = TestAppHostProcess.Start("redis", new Dictionary<string, string> { ["PATH"] = emptyPath.FullName });

            var exitCode = await host.WaitForExitAsync(ExitTimeout);

            Assert.Equal(1, exitCode);
            Assert.Contains("redis-server was not found on PATH", host.Output, StringComparison.Ordinal);
            Assert.Contains("sudo apt-get install redis-server", host.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", host.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", host.Output, StringComparison.Ordinal);
        }
        finally
        {
            emptyPath.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Run_ServiceNeverHealthy_NamesItWithItsLastOutputAndStopsEverything()
    {
        await using var host = TestAppHostProcess.Start("unhealthy", arguments: "--AppHost:StartupTimeoutSeconds=4");
        await host.WaitForLineAsync(l => l.Contains("Started backend", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var children = host.Children();

        var exitCode = await host.WaitForExitAsync(ExitTimeout);

        var output = host.Output;
        Assert.Equal(1, exitCode);
        Assert.Contains("backend did not become healthy within 4 s", output, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", output, StringComparison.Ordinal);
        Assert.Contains("Last output of backend:", output, StringComparison.Ordinal);
        Assert.Contains("    TestWebApp started.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Started frontend", output, StringComparison.Ordinal);
        Assert.DoesNotContain("TeslaSync is ready", output, StringComparison.Ordinal);
        Assert.All(children, pid => Assert.False(ProcessTable.IsRunning(pid), $"pid {pid} survived."));
    }

    [Fact]
    public async Task Run_ServiceExitsUnexpectedly_SaysSoAndShutsDownWithNonZeroExit()
    {
        await using var host = TestAppHostProcess.Start("web");
        await host.WaitUntilReadyAsync();
        var frontendUrl = (string)host.ReadState()["resources"]!["frontend"]!["endpoints"]!["http"]!;
        var children = host.Children();

        using var response = await Http.PostAsync(new Uri(frontendUrl + "/exit/3"), content: null, TestContext.Current.CancellationToken);
        var exitCode = await host.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, exitCode);
        Assert.Contains("frontend exited unexpectedly with exit code 3", host.Output, StringComparison.Ordinal);
        Assert.All(children, pid => Assert.False(ProcessTable.IsRunning(pid), $"pid {pid} survived.\n{host.Output}"));
    }

    [Fact]
    public async Task Run_ServiceIgnoresSigTerm_IsKilledAfterGracePeriod()
    {
        await using var host = TestAppHostProcess.Start("stubborn", arguments: "--AppHost:StopTimeoutSeconds=2");
        await host.WaitUntilReadyAsync();
        var children = host.Children();

        host.Signal(ProcessTable.SIGINT);
        var exitCode = await host.WaitForExitAsync(ExitTimeout);

        Assert.True(exitCode == 0, host.Output);
        Assert.Contains("backend did not stop within 2 s; killing its process tree.", host.Output, StringComparison.Ordinal);
        Assert.All(children, pid => Assert.False(ProcessTable.IsRunning(pid), $"pid {pid} survived."));
    }

    private static async Task<JsonNode> EnvironmentOf(string baseUrl) =>
        JsonNode.Parse(await Http.GetStringAsync(new Uri(baseUrl + "/env"), TestContext.Current.CancellationToken))!;
}
