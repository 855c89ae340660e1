using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Contracts.Events;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;

namespace TeslaSync.PriceIngest.FunctionalTests;

/// <summary>
/// PriceIngest on a test server with real Redis, SQLite and the simulator on loopback, sharing one fake clock with the
/// simulator. For the WebSocket and rate-limit tests; <see cref="PriceIngestServiceTests"/> keeps its own set-up.
/// </summary>
internal sealed class PriceIngestHost : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A Monday afternoon, mid-interval (14:07 NEM), in the replayed week.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 14, 7, 0, TimeSpan.FromHours(10));

    private RedisServer _redis = null!;
    private EventRecorder<PricesUpdated> _events = null!;
    private ServiceFactory<ServiceAssembly>? _priceIngest;

    public FakeTimeProvider Time { get; } = new(Start);

    public SimulatorServer Simulator { get; private set; } = null!;

    public IReadOnlyList<RecordedEvent<PricesUpdated>> Published => _events.Received;

    /// <param name="simulatorConfiguration">e.g. <c>--Simulator:Amber:IntervalLength=5</c>.</param>
    public static async Task<PriceIngestHost> StartSimulatorAsync(params string[] simulatorConfiguration)
    {
        var host = new PriceIngestHost();
        host._redis = await RedisServer.StartAsync();
        host._events = await EventRecorder<PricesUpdated>.StartAsync(host._redis.ConnectionString);
        host.Simulator = await SimulatorServer.StartAsync(host.Time, simulatorConfiguration);
        return host;
    }

    /// <summary>Starts PriceIngest pointed at the simulator (REST only unless <c>Amber:WebSocketUrl</c> is among the overrides).</summary>
    public Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient StartPriceIngest(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string>(Simulator.ServiceSettings)
        {
            ["ConnectionStrings:redis"] = _redis.ConnectionString,
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        _priceIngest = new ServiceFactory<ServiceAssembly>(settings, services => services.AddSingleton<TimeProvider>(Time));
        return new Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient(_priceIngest.CreateGrpcChannel());
    }

    /// <summary>The <paramref name="count"/>-th event (1-based), waiting for it in real time without touching the clock.</summary>
    public Task<RecordedEvent<PricesUpdated>> EventAsync(int count) =>
        Eventually.GetAsync(() => Task.FromResult(_events.Received.Skip(count - 1).FirstOrDefault()), Patience, $"PricesUpdated event #{count}");

    /// <summary>
    /// Moves the shared clock on in <paramref name="step"/>s, never past <paramref name="limit"/>, until
    /// <paramref name="condition"/> holds. Small steps, because the service arms its timers asynchronously.
    /// </summary>
    public async Task AdvanceUntilAsync(Func<Task<bool>> condition, TimeSpan step, DateTimeOffset limit, string what)
    {
        await Eventually.GetAsync(async () =>
        {
            if (await condition())
            {
                return (object?)true;
            }

            if (Time.GetUtcNow() + step <= limit)
            {
                Time.Advance(step);
            }

            return null;
        }, Patience, what);
    }

    /// <summary>Sets the clock to <paramref name="instant"/> (never backwards).</summary>
    public void AdvanceTo(DateTimeOffset instant)
    {
        if (instant > Time.GetUtcNow())
        {
            Time.Advance(instant - Time.GetUtcNow());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_priceIngest is not null)
        {
            await _priceIngest.DisposeAsync();
        }

        await Simulator.DisposeAsync();
        await _events.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
