using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Contracts.Events;
using TeslaSync.Contracts.GridEvents.V1;
using TeslaSync.Domain.Sites;
using TeslaSync.EventBus;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;
using GridEventsClient = TeslaSync.Contracts.GridEvents.V1.GridEvents.GridEventsClient;
using OverridesClient = TeslaSync.Contracts.TariffSync.V1.TariffOverrides.TariffOverridesClient;
using TariffSyncAssembly = TeslaSync.TariffSync.ServiceAssembly;

namespace TeslaSync.GridEvents.FunctionalTests;

/// <summary>What the simulated Powerwall holds: tariff, operation mode, export rule.</summary>

/// <summary>
/// GridEvents and a real TariffSync, each on a test server, with real Redis and the simulated
/// Powerwall: GridEvents' override client is a channel to TariffSync's test server. GridEvents
/// keeps its data in a folder of this host's, so it can be restarted on the same database.
/// </summary>
internal sealed class GridHost : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _gridEventsData = Directory.CreateTempSubdirectory("teslasync-gridevents-").FullName;
    private readonly Dictionary<string, string> _gridEventsSettings;

    private GridHost(RedisServer redis, SimulatorServer simulator, ServiceFactory<TariffSyncAssembly> tariffSync, IReadOnlyDictionary<string, string> gridEventsSettings)
    {
        Redis = redis;
        Simulator = simulator;
        TariffSync = tariffSync;
        Overrides = new OverridesClient(tariffSync.CreateGrpcChannel());
        _gridEventsSettings = new Dictionary<string, string>(gridEventsSettings)
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["Storage:DataDirectory"] = _gridEventsData,
            // Check in test time, not every minute.
            ["GridEvents:CheckEvery"] = "00:00:00.250",
        };
    }

    public RedisServer Redis { get; }

    public SimulatorServer Simulator { get; }

    public ServiceFactory<TariffSyncAssembly> TariffSync { get; }

    public OverridesClient Overrides { get; }

    public ServiceFactory<ServiceAssembly> GridEvents { get; private set; } = null!;

    public GridEventsClient Client { get; private set; } = null!;

    public static async Task<GridHost> StartAsync(IReadOnlyDictionary<string, string>? gridEventsSettings = null)
    {
        var redis = await RedisServer.StartAsync();
        var simulator = await SimulatorServer.StartAsync();
        var tariffSync = new ServiceFactory<TariffSyncAssembly>(new Dictionary<string, string>(simulator.ServiceSettings)
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["services:priceingest:http:0"] = $"http://127.0.0.1:{FreePort.Next()}",
            // Retry a failed restore in test time, and let Tesla faults fail at once.
            ["TariffOverrides:CheckEvery"] = "00:00:00.250",
            ["Tesla:Resilience:MaxRetryAttempts"] = "0",
            ["Tesla:Resilience:AttemptTimeout"] = "00:00:05",
            ["Tesla:Resilience:TotalTimeout"] = "00:00:10",
        });
        var host = new GridHost(redis, simulator, tariffSync, gridEventsSettings ?? new Dictionary<string, string>());
        try
        {
            _ = tariffSync.Server;
            host.StartGridEvents();
            return host;
        }
        catch
        {
            // Nothing may outlive a test that failed to start.
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops GridEvents and starts a new one on the same database, as a process restart would.</summary>
    public async Task RestartGridEventsAsync()
    {
        await StopGridEventsAsync();
        StartGridEvents();
    }

    public async Task StopGridEventsAsync()
    {
        await GridEvents.DisposeAsync();
        GridEvents = null!;
    }

    /// <summary>Publishes an AEMO price as PriceIngest would, once GridEvents is subscribed.</summary>
    public async Task PublishAemoPriceAsync(decimal rrpPerMwh, DateTimeOffset intervalEnd)
    {
        await WaitForSubscriberAsync(nameof(AemoPriceUpdated));
        await GridEvents.Services.GetRequiredService<IEventBus>().PublishAsync(new AemoPriceUpdated
        {
            SiteId = "home",
            OccurredAt = DateTimeOffset.UtcNow,
            Region = NemRegion.SA1,
            IntervalEnd = intervalEnd,
            RrpPerMwh = rrpPerMwh,
            Firm = true,
            Source = AemoPriceSource.Json,
            ReceivedAt = DateTimeOffset.UtcNow,
        }, TestContext.Current.CancellationToken);
    }

    /// <summary>Publishes Amber prices as PriceIngest would, once GridEvents and TariffSync are subscribed.</summary>
    public async Task PublishPricesAsync(decimal feedInPerKwh)
    {
        await WaitForSubscriberAsync(nameof(PricesUpdated), subscribers: 2);
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.FromMinutes(5).Ticks), TimeSpan.Zero);
        await GridEvents.Services.GetRequiredService<IEventBus>().PublishAsync(new PricesUpdated
        {
            SiteId = "home",
            OccurredAt = now,
            ReceivedAt = now,
            ContentHash = Guid.NewGuid().ToString("N"),
            Intervals =
            [
                new(Domain.Prices.PriceChannel.General, Domain.Prices.IntervalKind.Current, start, start.AddMinutes(5), 0.30m, 0.1m, Domain.Prices.SpikeStatus.None, "neutral", 40),
                new(Domain.Prices.PriceChannel.FeedIn, Domain.Prices.IntervalKind.Current, start, start.AddMinutes(5), feedInPerKwh, 0.1m, Domain.Prices.SpikeStatus.None, "neutral", 40),
            ],
        }, TestContext.Current.CancellationToken);
    }

    public Task<GetStatusResponse> StatusAsync(Func<GetStatusResponse, bool> matches, string what) =>
        Eventually.GetAsync(async () =>
        {
            var status = await Client.GetStatusAsync(new GetStatusRequest());
            return matches(status) ? status : null;
        }, Patience, what);

    public Task<PowerwallState> PowerwallAsync(Func<PowerwallState, bool> matches, string what) =>
        Eventually.GetAsync(async () =>
        {
            var state = await PowerwallAsync();
            return matches(state) ? state : null;
        }, Patience, what);

    public Task<PowerwallState> PowerwallAsync() => Simulator.PowerwallAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (GridEvents is not null)
        {
            await GridEvents.DisposeAsync();
        }

        await TariffSync.DisposeAsync();
        await Simulator.DisposeAsync();
        await Redis.DisposeAsync();
        try
        {
            Directory.Delete(_gridEventsData, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; a leftover temp folder is harmless.
        }
    }

    public void StartGridEvents()
    {
        var overrides = Overrides;
        GridEvents = new ServiceFactory<ServiceAssembly>(_gridEventsSettings, services =>
            // GridEvents' override calls go to TariffSync's test server.
            services.AddSingleton(overrides));
        _ = GridEvents.Server; // start the host: the subscriptions and the minute check
        Client = new GridEventsClient(GridEvents.CreateGrpcChannel());
    }

    private Task WaitForSubscriberAsync(string eventName, int subscribers = 1) =>
        BusSubscribers.WaitAsync(GridEvents.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(), eventName, subscribers);
}
