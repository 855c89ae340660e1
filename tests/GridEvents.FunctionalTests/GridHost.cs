using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Contracts.Events;
using TeslaSync.Contracts.GridEvents.V1;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Domain.Sites;
using TeslaSync.EventBus;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;
using GridEventsClient = TeslaSync.Contracts.GridEvents.V1.GridEvents.GridEventsClient;
using OverridesClient = TeslaSync.Contracts.TariffSync.V1.TariffOverrides.TariffOverridesClient;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;
using TariffSyncAssembly = TeslaSync.TariffSync.ServiceAssembly;

namespace TeslaSync.GridEvents.FunctionalTests;

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
    private readonly TimeProvider? _gridEventsTime;

    private GridHost(
        RedisServer redis, SimulatorServer simulator, ServiceFactory<TariffSyncAssembly> tariffSync,
        IReadOnlyDictionary<string, string> gridEventsSettings, TimeProvider? gridEventsTime)
    {
        Redis = redis;
        Simulator = simulator;
        TariffSync = tariffSync;
        Overrides = new OverridesClient(tariffSync.CreateGrpcChannel());
        Tariffs = new TariffSyncClient(tariffSync.CreateGrpcChannel());
        Powerwall = new SimulatedPowerwall(simulator);
        _gridEventsTime = gridEventsTime;
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

    public TariffSyncClient Tariffs { get; }

    /// <summary>The simulated Powerwall's settings, including grid charging, and the Tesla writes it received.</summary>
    public SimulatedPowerwall Powerwall { get; }

    public ServiceFactory<ServiceAssembly> GridEvents { get; private set; } = null!;

    public GridEventsClient Client { get; private set; } = null!;

    /// <param name="gridEventsTime">GridEvents' clock; the real one when null (TariffSync always runs on the real one).</param>
    public static async Task<GridHost> StartAsync(IReadOnlyDictionary<string, string>? gridEventsSettings = null, TimeProvider? gridEventsTime = null)
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
        var host = new GridHost(redis, simulator, tariffSync, gridEventsSettings ?? new Dictionary<string, string>(), gridEventsTime);
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

    /// <summary>
    /// Stops GridEvents and starts a new one on the same database, as a process restart would;
    /// <paramref name="changedSettings"/> are what the user changed in between.
    /// </summary>
    public async Task RestartGridEventsAsync(IReadOnlyDictionary<string, string>? changedSettings = null)
    {
        await StopGridEventsAsync();
        foreach (var (key, value) in changedSettings ?? new Dictionary<string, string>())
        {
            _gridEventsSettings[key] = value;
        }

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
        // The interval running now on GridEvents' clock (a test may have moved it on): an interval
        // that is already over is ignored as out of date.
        var now = GridEvents.Services.GetRequiredService<TimeProvider>().GetUtcNow();
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

    /// <summary>
    /// Waits for a demand-window check at or after <paramref name="mark"/> (GridEvents' clock): proof
    /// that the checks went on, for a test that asserts they sent nothing.
    /// </summary>
    public Task<GetStatusResponse> DemandWindowCheckedAsync(DateTimeOffset mark) =>
        StatusAsync(s => s.DemandWindowCheckedAt is { } at && at.ToDateTimeOffset() >= mark, $"a demand-window check at or after {mark:O}");

    /// <summary>Waits until TariffSync holds no override and has nothing left to put back.</summary>
    public Task<GetOverridesResponse> OverridesSettledAsync() =>
        Eventually.GetAsync(async () =>
        {
            var held = await Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: TestContext.Current.CancellationToken);
            return held is { Overrides.Count: 0, Restoring: false } ? held : null;
        }, Patience, "TariffSync holding no override and restoring nothing");

    public Task<PowerwallState> PowerwallAsync(Func<PowerwallState, bool> matches, string what) =>
        Eventually.GetAsync(async () =>
        {
            var state = await PowerwallAsync();
            return matches(state) ? state : null;
        }, Patience, what);

    public Task<PowerwallState> PowerwallAsync() => Simulator.PowerwallAsync(TestContext.Current.CancellationToken);

    /// <summary>Publishes a day of half-hourly Amber prices, enough for TariffSync to build and upload a tariff.</summary>
    public async Task PublishDayOfPricesAsync()
    {
        await WaitForSubscriberAsync(nameof(PricesUpdated), subscribers: 2);
        // The interval running now on GridEvents' clock (a test may have moved it on): an interval
        // that is already over is ignored as out of date.
        var now = GridEvents.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var first = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.FromMinutes(30).Ticks), TimeSpan.Zero);
        var intervals = new List<Domain.Prices.PriceInterval>();
        foreach (var (channel, perKwh) in new[] { (Domain.Prices.PriceChannel.General, 0.25m), (Domain.Prices.PriceChannel.FeedIn, -0.08m) })
        {
            for (var i = 0; i < 49; i++)
            {
                var start = first.AddMinutes(30 * i);
                intervals.Add(new(channel, i == 0 ? Domain.Prices.IntervalKind.Current : Domain.Prices.IntervalKind.Forecast,
                    start, start.AddMinutes(30), perKwh, 0.1m, Domain.Prices.SpikeStatus.None, "neutral", 40));
            }
        }

        await GridEvents.Services.GetRequiredService<IEventBus>().PublishAsync(new PricesUpdated
        {
            SiteId = "home",
            OccurredAt = now,
            ReceivedAt = now,
            ContentHash = Guid.NewGuid().ToString("N"),
            Intervals = intervals,
        }, TestContext.Current.CancellationToken);
    }

    /// <summary>The newest entries of GridEvents' event log for one machine and trigger, oldest first.</summary>
    public async Task<IReadOnlyList<GridDecision>> DecisionsAsync(string machine, string? trigger = null)
    {
        var log = await Client.GetEventLogAsync(new GetEventLogRequest { Limit = 500 }, cancellationToken: TestContext.Current.CancellationToken);
        return log.Decisions.Where(d => d.Machine == machine && (trigger is null || d.Trigger == trigger)).Reverse().ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Powerwall.Dispose();
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
        var (overrides, tariffs, time) = (Overrides, Tariffs, _gridEventsTime);
        GridEvents = new ServiceFactory<ServiceAssembly>(_gridEventsSettings, services =>
        {
            // GridEvents' calls to TariffSync go to TariffSync's test server.
            services.AddSingleton(overrides);
            services.AddSingleton(tariffs);
            if (time is not null)
            {
                services.AddSingleton(time);
            }
        });
        _ = GridEvents.Server; // start the host: the subscriptions and the minute check
        Client = new GridEventsClient(GridEvents.CreateGrpcChannel());
    }

    private Task WaitForSubscriberAsync(string eventName, int subscribers = 1) =>
        BusSubscribers.WaitAsync(GridEvents.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(), eventName, subscribers);
}
