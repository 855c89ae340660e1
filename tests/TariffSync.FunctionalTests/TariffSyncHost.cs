using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Contracts.Events;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Domain.Prices;
using TeslaSync.EventBus;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.TariffSync.FunctionalTests;

/// <summary>
/// TariffSync on a test server with a real Redis and the simulated Powerwall, plus the moves a
/// test makes: publish prices as PriceIngest would, wait for a sync outcome.
/// </summary>
public sealed class TariffSyncHost : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private TariffSyncHost(RedisServer redis, SimulatorServer simulator, ServiceFactory<ServiceAssembly> service)
    {
        Redis = redis;
        Simulator = simulator;
        Service = service;
        Client = new TariffSyncClient(service.CreateGrpcChannel());
    }

    public RedisServer Redis { get; }

    public SimulatorServer Simulator { get; }

    public ServiceFactory<ServiceAssembly> Service { get; }

    public TariffSyncClient Client { get; }

    /// <param name="time">One clock for TariffSync and the simulator; the real one when null.</param>
    /// <param name="settings">Settings for TariffSync on top of the defaults; may depend on the simulator.</param>
    /// <param name="simulatorConfiguration">The simulator's own settings, as <c>--Key=value</c> arguments.</param>
    public static async Task<TariffSyncHost> StartAsync(
        TimeProvider? time = null, Func<SimulatorServer, IReadOnlyDictionary<string, string>>? settings = null, params string[] simulatorConfiguration)
    {
        var redis = await RedisServer.StartAsync();
        var simulator = await SimulatorServer.StartAsync(time, simulatorConfiguration);
        var all = new Dictionary<string, string>(simulator.ServiceSettings)
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            // Nothing listens here: "sync now" must report that PriceIngest is unreachable.
            ["services:priceingest:http:0"] = $"http://127.0.0.1:{FreePort.Next()}",
        };
        foreach (var (key, value) in settings?.Invoke(simulator) ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var service = new ServiceFactory<ServiceAssembly>(all, services =>
        {
            if (time is not null)
            {
                services.AddSingleton(time);
            }
        });
        try
        {
            _ = service.Server; // start the host, and with it the event subscription
            return new TariffSyncHost(redis, simulator, service);
        }
        catch
        {
            // Nothing may outlive a test that failed to start.
            await service.DisposeAsync();
            await simulator.DisposeAsync();
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>49 half-hours of general and feed-in prices from the half-hour containing <paramref name="now"/>.</summary>
    public static List<PriceInterval> HalfHourPrices(DateTimeOffset now, Func<int, decimal> buy, Func<int, decimal> feedIn)
    {
        var first = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.FromMinutes(30).Ticks), TimeSpan.Zero);
        var prices = new List<PriceInterval>();
        foreach (var (channel, price) in new[] { (PriceChannel.General, buy), (PriceChannel.FeedIn, feedIn) })
        {
            for (var i = 0; i < 49; i++)
            {
                var start = first.AddMinutes(30 * i);
                prices.Add(new PriceInterval(channel, i == 0 ? IntervalKind.Current : IntervalKind.Forecast,
                    start, start.AddMinutes(30), price(i), 0.1m, SpikeStatus.None, "neutral", 40));
            }
        }

        return prices;
    }

    /// <summary>Publishes prices on the bus, as PriceIngest would, once TariffSync is subscribed.</summary>
    public async Task PublishAsync(IReadOnlyList<PriceInterval> prices)
    {
        await BusSubscribers.WaitAsync(Service.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(), nameof(PricesUpdated));

        await Service.Services.GetRequiredService<IEventBus>().PublishAsync(
            new PricesUpdated { SiteId = "home", OccurredAt = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow, ContentHash = "test", Intervals = prices },
            TestContext.Current.CancellationToken);
    }

    /// <summary>Waits until the last recorded outcome matches.</summary>
    public Task<Contracts.TariffSync.V1.SyncOutcome> LastSyncAsync(Func<Contracts.TariffSync.V1.SyncOutcome, bool> matches) =>
        Eventually.GetAsync(async () =>
        {
            var last = (await Client.GetLastSyncAsync(new GetLastSyncRequest())).Last;
            return last is not null && matches(last) ? last : null;
        }, Patience, "the expected sync outcome");

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await Simulator.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
