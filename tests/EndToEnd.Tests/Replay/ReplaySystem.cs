using System.Net.Http.Json;
using TeslaSync.Domain.Time;
using TeslaSync.ServiceTesting;
using TeslaSync.Simulator.Market;
using TeslaSync.TestSupport;

namespace TeslaSync.EndToEnd.Tests.Replay;

/// <summary>What the simulated Powerwall held from <see cref="At"/> on (the simulator's settings history).</summary>
internal sealed record PowerwallSettings(DateTimeOffset At, string? TariffCode, string Mode, string ExportRule, bool GridChargingAllowed, int BackupReservePercent);

/// <summary>
/// PriceIngest, TariffSync and GridEvents as real processes on real Redis, living through a stored
/// day on one accelerated clock with the simulator replaying that day's AEMO prices (and the
/// Amber prices derived from them, in 5-minute intervals).
/// </summary>
internal sealed class ReplaySystem : IAsyncDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("teslasync-replay-");

    private ReplaySystem(ReplayDay day, AcceleratedTimeProvider clock, RedisServer redis, SimulatorServer simulator)
    {
        Day = day;
        Clock = clock;
        Redis = redis;
        Simulator = simulator;
    }

    public ReplayDay Day { get; }

    /// <summary>The clock every process of this system runs on.</summary>
    public AcceleratedTimeProvider Clock { get; }

    public RedisServer Redis { get; }

    public SimulatorServer Simulator { get; }

    public ServiceProcess PriceIngest { get; } = ServiceProcess.Create("PriceIngest");

    public ServiceProcess TariffSync { get; } = ServiceProcess.Create("TariffSync");

    public ServiceProcess GridEvents { get; } = ServiceProcess.Create("GridEvents");

    /// <param name="dayFile">A stored day, <c>{"date": ..., "SA1": {"HH:MM": price}}</c>.</param>
    /// <param name="from">The simulated instant the clock shows as the processes start.</param>
    /// <param name="speed">How much faster than the wall clock the day runs.</param>
    /// <param name="gridEventsSettings">GridEvents' thresholds for this run.</param>
    public static async Task<ReplaySystem> StartAsync(string dayFile, DateTimeOffset from, double speed, IReadOnlyDictionary<string, string> gridEventsSettings)
    {
        var day = ReplayDay.Load(dayFile);
        var settings = new ClockSettings(from, DateTimeOffset.UtcNow, speed);
        var clock = new AcceleratedTimeProvider(settings, TimeProvider.System);
        var redis = await RedisServer.StartAsync();
        var simulator = await SimulatorServer.StartAsync(clock, $"--Simulator:Replay:File={dayFile}", "--Simulator:Amber:IntervalLength=5");
        var system = new ReplaySystem(day, clock, redis, simulator);
        try
        {
            await system.StartServicesAsync(settings, gridEventsSettings);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits (on the wall clock) until the simulated clock shows <paramref name="instant"/>.</summary>
    public Task RunUntilAsync(DateTimeOffset instant)
    {
        var wait = Clock.ToWallClock(instant - Clock.GetUtcNow());
        return wait > TimeSpan.Zero ? Task.Delay(wait, TestContext.Current.CancellationToken) : Task.CompletedTask;
    }

    /// <summary>Every change of the Powerwall's settings so far, oldest first.</summary>
    public async Task<IReadOnlyList<PowerwallSettings>> PowerwallHistoryAsync()
    {
        using var http = new HttpClient { BaseAddress = Simulator.BaseAddress };
        return (await http.GetFromJsonAsync<List<PowerwallSettings>>(
            $"sim/tesla/energy_sites/{SimulatorServer.EnergySiteId}/history", TestContext.Current.CancellationToken))!;
    }

    public string Logs => string.Join("\n\n", new[] { PriceIngest, TariffSync, GridEvents }.Select(s => $"== {s.Name} ==\n{s.Output}"));

    public async ValueTask DisposeAsync()
    {
        await GridEvents.DisposeAsync();
        await TariffSync.DisposeAsync();
        await PriceIngest.DisposeAsync();
        await Simulator.DisposeAsync();
        await Redis.DisposeAsync();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task StartServicesAsync(ClockSettings clock, IReadOnlyDictionary<string, string> gridEventsSettings)
    {
        var common = new Dictionary<string, string>
        {
            ["ConnectionStrings__redis"] = Redis.ConnectionString,
            ["Clock__Start"] = clock.Start.ToString("O"),
            ["Clock__Anchor"] = clock.Anchor.ToString("O"),
            ["Clock__Speed"] = clock.Speed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TeslaSync__DemoMode"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__TeslaSync"] = "Information",
        };
        foreach (var (key, value) in Simulator.ServiceSettings)
        {
            common[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        // As in demo mode: Amber's pushes bring each 5-minute price as its interval starts.
        common["Amber__WebSocketUrl"] = Simulator.AmberWebSocketUrl();

        return Task.WhenAll(
            PriceIngest.StartAsync(With(common, PriceIngest)),
            TariffSync.StartAsync(With(common, TariffSync, PriceIngest.Discovery)),
            GridEvents.StartAsync(With(common, GridEvents, TariffSync.Discovery,
                gridEventsSettings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value))));
    }

    private Dictionary<string, string> With(Dictionary<string, string> common, ServiceProcess service, params IReadOnlyDictionary<string, string>[] more)
    {
        var environment = new Dictionary<string, string>(common)
        {
            ["Storage__DataDirectory"] = Path.Combine(_data.FullName, service.Name),
        };
        foreach (var (key, value) in more.SelectMany(m => m))
        {
            environment[key] = value;
        }

        return environment;
    }
}
