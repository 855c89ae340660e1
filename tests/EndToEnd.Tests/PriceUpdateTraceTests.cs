using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;
using PriceIngestAssembly = TeslaSync.PriceIngest.ServiceAssembly;
using TariffSyncAssembly = TeslaSync.TariffSync.ServiceAssembly;

namespace TeslaSync.EndToEnd.Tests;

/// <summary>
/// One price update is one trace: PriceIngest's refresh, its Amber call and publish, the Redis
/// hop, TariffSync's handling and its call to Tesla. The two services run on test servers in
/// this process and talk through a real Redis; the trace context crosses Redis only inside the
/// message envelope.
/// </summary>
public sealed class PriceUpdateTraceTests : IAsyncLifetime
{
    private readonly List<Activity> _spans = [];
    private RedisServer _redis = null!;
    private SimulatorServer _simulator = null!;
    private ServiceFactory<TariffSyncAssembly> _tariffSync = null!;
    private ServiceFactory<PriceIngestAssembly>? _priceIngest;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _simulator = await SimulatorServer.StartAsync();
        // One exporter is enough: activity listeners are process-wide, so this provider records
        // the spans of both services (each TeslaSync service listens to every TeslaSync.* source).
        _tariffSync = new ServiceFactory<TariffSyncAssembly>(Settings(), services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans)));
        _ = _tariffSync.Server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_priceIngest is not null)
        {
            await _priceIngest.DisposeAsync();
        }

        await _tariffSync.DisposeAsync();
        await _simulator.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task PriceUpdate_FromAmberToTesla_IsOneTraceAcrossPriceIngestRedisAndTariffSync()
    {
        await WaitForSubscriptionAsync();
        _priceIngest = new ServiceFactory<PriceIngestAssembly>(Settings());
        _ = _priceIngest.Server; // starts polling Amber at once

        // A span is exported when it ends; the handling span ends after its Tesla calls.
        var process = await Eventually.GetAsync(
            () => Task.FromResult(Snapshot().FirstOrDefault(s => s.Kind == ActivityKind.Consumer && s.DisplayName == "PricesUpdated process")),
            TimeSpan.FromSeconds(60), "TariffSync's handling of the price update");

        var trace = Snapshot().Where(s => s.TraceId == process.TraceId).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(Environment.NewLine,
            trace.Select(s => $"{s.Source.Name} {s.Kind} '{s.DisplayName}' {s.SpanId} <- {s.ParentSpanId} {UrlOf(s)}")));
        var upload = Assert.Single(trace, IsTeslaTariffUpload);
        var refresh = Assert.Single(trace, s => s.Source.Name == "TeslaSync.PriceIngest" && s.DisplayName == "refresh prices");
        var amberCall = Assert.Single(trace, s => s.Kind == ActivityKind.Client && UrlOf(s).Contains("/amber/v1/sites/", StringComparison.Ordinal));
        var publish = Assert.Single(trace, s => s.Kind == ActivityKind.Producer && s.DisplayName == "PricesUpdated publish");
        var sync = Assert.Single(trace, s => s.Source.Name == "TeslaSync.TariffSync" && s.DisplayName == "sync tariff");

        Assert.Equal(default, refresh.ParentSpanId);
        Assert.Equal(refresh.SpanId, amberCall.ParentSpanId);
        Assert.Equal(refresh.SpanId, publish.ParentSpanId);
        Assert.Equal(publish.SpanId, process.ParentSpanId);
        Assert.Equal(process.SpanId, sync.ParentSpanId);
        Assert.True(IsDescendantOf(upload, sync, trace), "The Tesla upload should be part of the sync span.");
        Assert.Equal("redis", publish.GetTagItem("messaging.system"));
    }

    private Dictionary<string, string> Settings() => new(_simulator.ServiceSettings)
    {
        ["ConnectionStrings:redis"] = _redis.ConnectionString,
        ["services:priceingest:http:0"] = $"http://127.0.0.1:{FreePort.Next()}",
    };

    private List<Activity> Snapshot()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    private static bool IsTeslaTariffUpload(Activity span) =>
        span.Kind == ActivityKind.Client && UrlOf(span).EndsWith("/time_of_use_settings", StringComparison.Ordinal);

    private static string UrlOf(Activity span) => span.GetTagItem("url.full") as string ?? string.Empty;

    private static bool IsDescendantOf(Activity span, Activity ancestor, List<Activity> trace)
    {
        var bySpanId = trace.ToDictionary(s => s.SpanId);
        for (var current = span; bySpanId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            if (parent.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    private Task WaitForSubscriptionAsync() =>
        BusSubscribers.WaitAsync(_tariffSync.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(), "PricesUpdated");
}
