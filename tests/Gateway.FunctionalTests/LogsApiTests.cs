using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Gateway.Api;
using TeslaSync.ServiceDefaults.Logging;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;
using GatewayAssembly = TeslaSync.Gateway.ServiceAssembly;

namespace TeslaSync.Gateway.FunctionalTests;

public sealed class LogsApiTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetLogs_MergesEveryServiceNewestFirst_AndNamesTheOnesThatDidNotAnswer()
    {
        var time = new FakeTimeProvider(Start);
        await using var priceIngest = await LoggingServiceHost.StartAsync(time);
        await using var tariffSync = await LoggingServiceHost.StartAsync(time);
        await using var gateway = Gateway(time, priceIngest, tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();
        var gatewayLog = gateway.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TeslaSync.Gateway.Test");

        Log(time, gatewayLog, LogLevel.Warning, "merge-test 1 from the gateway");
        Log(time, priceIngest.Logger, LogLevel.Warning, "merge-test 2 from priceingest");
        Log(time, tariffSync.Logger, LogLevel.Error, "merge-test 3 from tariffsync");
        Log(time, priceIngest.Logger, LogLevel.Error, "merge-test 4 from priceingest");
        Log(time, gatewayLog, LogLevel.Critical, "merge-test 5 from the gateway");

        var logs = await http.GetFromJsonAsync<JsonObject>("/api/logs?contains=MERGE-TEST", TestContext.Current.CancellationToken);

        var entries = logs!["entries"]!.AsArray();
        Assert.Equal(
            ["merge-test 5 from the gateway", "merge-test 4 from priceingest", "merge-test 3 from tariffsync", "merge-test 2 from priceingest", "merge-test 1 from the gateway"],
            entries.Select(entry => (string?)entry!["message"]));
        Assert.Equal(["gateway", "priceingest", "tariffsync", "priceingest", "gateway"], entries.Select(entry => (string?)entry!["service"]));
        Assert.Equal(["Critical", "Error", "Error", "Warning", "Warning"], entries.Select(entry => (string?)entry!["level"]));
        Assert.Equal(Start.AddSeconds(4), (DateTimeOffset)entries[1]!["at"]!);
        Assert.Equal("TeslaSync.PriceIngest.Test", (string?)entries[1]!["category"]);
        Assert.Equal(["gridevents", "telemetry"], logs["unreachable"]!.AsArray().Select(name => (string?)name));
    }

    [Fact]
    public async Task GetLogs_LevelAndService_ThatLevelAndAboveFromThatServiceOnly()
    {
        var time = new FakeTimeProvider(Start);
        await using var priceIngest = await LoggingServiceHost.StartAsync(time);
        await using var gateway = Gateway(time, priceIngest, tariffSync: null);
        using var http = await gateway.CreateSignedInClientAsync();
        var gatewayLog = gateway.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TeslaSync.Gateway.Test");

        Log(time, priceIngest.Logger, LogLevel.Information, "level-test information");
        Log(time, priceIngest.Logger, LogLevel.Warning, "level-test warning");
        Log(time, priceIngest.Logger, LogLevel.Error, "level-test error", new TimeoutException("Amber did not answer"));
        Log(time, gatewayLog, LogLevel.Error, "level-test gateway error");

        var warnings = await http.GetFromJsonAsync<JsonObject>("/api/logs?level=warning&service=priceingest&contains=level-test", TestContext.Current.CancellationToken);
        var everything = await http.GetFromJsonAsync<JsonObject>("/api/logs?service=priceingest&contains=level-test", TestContext.Current.CancellationToken);

        var entries = warnings!["entries"]!.AsArray();
        Assert.Equal(["level-test error", "level-test warning"], entries.Select(entry => (string?)entry!["message"]));
        Assert.StartsWith("System.TimeoutException: Amber did not answer", (string?)entries[0]!["exception"], StringComparison.Ordinal);
        Assert.Null(entries[1]!["exception"]);
        Assert.Empty(warnings["unreachable"]!.AsArray());
        Assert.Equal(3, everything!["entries"]!.AsArray().Count);
    }

    [Fact]
    public async Task Download_TextAttachmentOldestFirstOneLinePerEntry_NamesTheServicesThatDidNotAnswer()
    {
        var time = new FakeTimeProvider(Start);
        await using var priceIngest = await LoggingServiceHost.StartAsync(time);
        await using var gateway = Gateway(time, priceIngest, tariffSync: null);
        using var http = await gateway.CreateSignedInClientAsync();

        Log(time, priceIngest.Logger, LogLevel.Warning, "download-test first");
        Log(time, priceIngest.Logger, LogLevel.Error, "download-test second\nspans two lines");

        using var response = await http.GetAsync(new Uri("/api/logs/download?contains=download-test", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("teslasync-logs-20261124T090002Z.txt", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("tariffsync,gridevents,telemetry", string.Join(',', response.Headers.GetValues("X-Logs-Unreachable")));
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(
            "2026-11-24T09:00:01.000Z Warning priceingest TeslaSync.PriceIngest.Test: download-test first\n"
            + "2026-11-24T09:00:02.000Z Error priceingest TeslaSync.PriceIngest.Test: download-test second\\nspans two lines\n",
            text);
    }

    [Fact]
    public async Task GetLogs_BadInput_ValidationProblemNamingEachField()
    {
        await using var gateway = new ServiceFactory<GatewayAssembly>(GatewayHost.UnreachableServices());
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.GetAsync(new Uri("/api/logs?level=Loud&service=redis&limit=0", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        var errors = problem!["errors"]!.AsObject();
        Assert.Contains("Information", (string?)errors["level"]![0], StringComparison.Ordinal);
        Assert.Contains("priceingest", (string?)errors["service"]![0], StringComparison.Ordinal);
        Assert.Contains("1 to 10000", (string?)errors["limit"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLogs_EveryServiceDown_TheGatewaysOwnEntriesAndTheRestListedUnreachable()
    {
        await using var gateway = new ServiceFactory<GatewayAssembly>(GatewayHost.UnreachableServices());
        using var http = await gateway.CreateSignedInClientAsync();
        gateway.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TeslaSync.Gateway.Test").LogWarning("all-down-test");

        var logs = await http.GetFromJsonAsync<JsonObject>("/api/logs?contains=all-down-test", TestContext.Current.CancellationToken);

        Assert.Equal("gateway", (string?)Assert.Single(logs!["entries"]!.AsArray())!["service"]);
        Assert.Equal(["priceingest", "tariffsync", "gridevents", "telemetry"], logs["unreachable"]!.AsArray().Select(name => (string?)name));
    }

    [Fact]
    public async Task ServiceLogs_OnlyOnTheHealthEndpoint_WithClearErrorsForBadInput()
    {
        await using var service = await LoggingServiceHost.StartAsync(new FakeTimeProvider(Start));
        service.Logger.LogWarning("endpoint-test");
        using var http = new HttpClient();

        var logs = await http.GetFromJsonAsync<JsonObject>(new Uri($"{service.HealthUrl}/logs?contains=endpoint-test&limit=5"), TestContext.Current.CancellationToken);
        using var onGrpcEndpoint = await http.GetAsync(new Uri($"{service.HttpUrl}/logs"), TestContext.Current.CancellationToken);
        using var badLevel = await http.GetAsync(new Uri($"{service.HealthUrl}/logs?level=None&limit=lots"), TestContext.Current.CancellationToken);

        var entry = Assert.Single(logs!["entries"]!.AsArray())!;
        Assert.Equal("Warning", (string?)entry["level"]);
        Assert.Equal(Start, (DateTimeOffset)entry["at"]!);
        Assert.Equal(HttpStatusCode.NotFound, onGrpcEndpoint.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLevel.StatusCode);
        var errors = (await badLevel.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["errors"]!.AsObject();
        Assert.NotNull(errors["level"]);
        Assert.NotNull(errors["limit"]);
    }

    [Fact]
    public void Merge_LimitTakesTheNewestAcrossServices_SameInstantKeepsServiceOrder()
    {
        var quiet = new List<LogEntry> { new(Start.AddSeconds(2), LogLevel.Warning, "A", "gateway at 2", null) };
        var busy = new List<LogEntry>
        {
            new(Start.AddSeconds(3), LogLevel.Error, "B", "priceingest at 3", null),
            new(Start.AddSeconds(2), LogLevel.Error, "B", "priceingest at 2", null),
            new(Start.AddSeconds(1), LogLevel.Error, "B", "priceingest at 1", null),
        };

        var merged = LogMerge.NewestFirst([("gateway", quiet), ("priceingest", busy), ("telemetry", null)], limit: 3);

        Assert.Equal(["priceingest at 3", "gateway at 2", "priceingest at 2"], merged.Entries.Select(entry => entry.Message));
        Assert.Equal(["telemetry"], merged.Unreachable);
    }

    /// <summary>The Gateway on a test server, told where the services' health endpoints are, on the shared clock.</summary>
    private static ServiceFactory<GatewayAssembly> Gateway(FakeTimeProvider time, LoggingServiceHost? priceIngest, LoggingServiceHost? tariffSync)
    {
        var settings = GatewayHost.UnreachableServices();
        if (priceIngest is not null)
        {
            settings["services:priceingest:health:0"] = priceIngest.HealthUrl;
        }

        if (tariffSync is not null)
        {
            settings["services:tariffsync:health:0"] = tariffSync.HealthUrl;
        }

        return new ServiceFactory<GatewayAssembly>(settings, services => services.AddSingleton<TimeProvider>(time));
    }

    /// <summary>One second later, one entry: the entries' times tell their order.</summary>
    private static void Log(FakeTimeProvider time, ILogger logger, LogLevel level, string message, Exception? exception = null)
    {
        time.Advance(TimeSpan.FromSeconds(1));
#pragma warning disable CA2254 // The message is the test's data, not a template.
        logger.Log(level, exception, message);
#pragma warning restore CA2254
    }

    /// <summary>
    /// A real service host on Kestrel with the services' shared wiring (AddServiceDefaults,
    /// MapDefaultEndpoints) and the launcher's two endpoints: <c>http</c> and the loopback <c>health</c>.
    /// </summary>
    private sealed class LoggingServiceHost : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private LoggingServiceHost(WebApplication app, string httpUrl, string healthUrl)
        {
            _app = app;
            HttpUrl = httpUrl;
            HealthUrl = healthUrl;
            Logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TeslaSync.PriceIngest.Test");
        }

        public string HttpUrl { get; }

        public string HealthUrl { get; }

        public ILogger Logger { get; }

        public static async Task<LoggingServiceHost> StartAsync(TimeProvider time)
        {
            var httpUrl = $"http://127.0.0.1:{FreePort.Next()}";
            var healthUrl = $"http://127.0.0.1:{FreePort.Next()}";
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kestrel:Endpoints:http:Url"] = httpUrl,
                ["Kestrel:Endpoints:http:Protocols"] = "Http1AndHttp2",
                ["Kestrel:Endpoints:health:Url"] = healthUrl,
                ["Kestrel:Endpoints:health:Protocols"] = "Http1",
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft"] = "Warning",
            });
            builder.AddServiceDefaults();
            builder.Services.AddSingleton(time);
            var app = builder.Build();
            app.MapDefaultEndpoints();
            await app.StartAsync(TestContext.Current.CancellationToken);
            return new LoggingServiceHost(app, httpUrl, healthUrl);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
