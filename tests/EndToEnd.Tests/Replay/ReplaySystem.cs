using System.Diagnostics;
using System.Net.Http.Json;
using Grpc.Net.Client;
using TeslaSync.Contracts.Events;
using TeslaSync.Contracts.GridEvents.V1;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Domain.Prices;
using TeslaSync.Domain.Time;
using TeslaSync.ServiceTesting;
using TeslaSync.Simulator.Market;
using TeslaSync.TestSupport;
using GridEventsClient = TeslaSync.Contracts.GridEvents.V1.GridEvents.GridEventsClient;

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

    private readonly ClockSettings _clockSettings;

    private ReplaySystem(ReplayDay day, ClockSettings clockSettings, AcceleratedTimeProvider clock, RedisServer redis, SimulatorServer simulator,
        EventRecorder<PricesUpdated> amberPrices, EventRecorder<AemoPriceUpdated> aemoPrices)
    {
        Day = day;
        _clockSettings = clockSettings;
        Clock = clock;
        Redis = redis;
        Simulator = simulator;
        AmberPrices = amberPrices;
        AemoPrices = aemoPrices;
    }

    public ReplayDay Day { get; }

    /// <summary>The clock every process of this system runs on.</summary>
    public AcceleratedTimeProvider Clock { get; }

    public RedisServer Redis { get; }

    public SimulatorServer Simulator { get; }

    /// <summary>Every Amber price set PriceIngest published, as another service saw it arrive.</summary>
    public EventRecorder<PricesUpdated> AmberPrices { get; }

    /// <summary>Every AEMO price PriceIngest published, as another service saw it arrive.</summary>
    public EventRecorder<AemoPriceUpdated> AemoPrices { get; }

    /// <summary>
    /// The simulated instant from which the system acts on prices: GridEvents has reconciled with
    /// TariffSync and PriceIngest has published its first Amber and AEMO prices. Being healthy is
    /// not enough: on a busy machine those first steps take seconds of wall time, i.e. many
    /// simulated intervals.
    /// </summary>
    public DateTimeOffset ReadyAt { get; private set; }

    public ServiceProcess PriceIngest { get; } = ServiceProcess.Create("PriceIngest");

    public ServiceProcess TariffSync { get; } = ServiceProcess.Create("TariffSync");

    public ServiceProcess GridEvents { get; } = ServiceProcess.Create("GridEvents");

    /// <param name="dayFile">A stored day, <c>{"date": ..., "SA1": {"HH:MM": price}}</c>.</param>
    /// <param name="from">The simulated instant the clock shows as the processes start.</param>
    /// <param name="speed">How much faster than the wall clock the day runs.</param>
    /// <param name="gridEventsSettings">GridEvents' thresholds for this run.</param>
    /// <param name="lead">
    /// Wall-clock time between starting the processes and the clock showing <paramref name="from"/>:
    /// they start, and live through the prices before it, while it runs up to <paramref name="from"/>.
    /// </param>
    /// <param name="amberPushDelaySeconds">
    /// When the simulated Amber pushes each interval's price, simulated seconds after its boundary (the
    /// simulator's own default when null).
    /// </param>
    public static async Task<ReplaySystem> StartAsync(string dayFile, DateTimeOffset from, double speed, IReadOnlyDictionary<string, string> gridEventsSettings,
        TimeSpan lead = default, int? amberPushDelaySeconds = null)
    {
        var day = ReplayDay.Load(dayFile);
        var settings = new ClockSettings(from, DateTimeOffset.UtcNow + lead, speed);
        var clock = new AcceleratedTimeProvider(settings, TimeProvider.System);
        var redis = await RedisServer.StartAsync();
        string[] simulatorArguments = [$"--Simulator:Replay:File={dayFile}", "--Simulator:Amber:IntervalLength=5",
            .. amberPushDelaySeconds is { } delay ? [$"--Simulator:Amber:PushDelaySeconds={delay}"] : Array.Empty<string>()];
        var simulator = await SimulatorServer.StartAsync(clock, simulatorArguments);
        // Listening before PriceIngest starts, so its first publications are seen too.
        var amberPrices = await EventRecorder<PricesUpdated>.StartAsync(redis.ConnectionString);
        var aemoPrices = await EventRecorder<AemoPriceUpdated>.StartAsync(redis.ConnectionString);
        var system = new ReplaySystem(day, settings, clock, redis, simulator, amberPrices, aemoPrices);
        try
        {
            await system.StartServicesAsync(settings, gridEventsSettings);
            await system.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Takes the path every override decision travels once, and back, so the first real one is
    /// not a cold start: a force discharge started and cancelled through GridEvents (its channel
    /// to TariffSync, TariffSync's override store, the tariff and mode writes to Tesla and their
    /// restore), then an export rule applied and released on TariffSync directly (the write
    /// curtailment makes). In a fresh process the first of each costs seconds of wall time on a
    /// busy machine (JIT, the database, the first gRPC connection), which at 300 times real speed
    /// is intervals late. The export rule used is <c>pv_only</c>, never curtailment's
    /// <c>never</c>, and no tariff here is the spike's, so none of it can pass for a real decision.
    /// </summary>
    /// <returns>The simulated instant the warm-up was over: judge the Powerwall only from then on.</returns>
    public async Task<DateTimeOffset> WarmUpOverridesAsync()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using (var channel = GrpcChannel.ForAddress(GridEvents.HttpUrl))
        {
            var gridEvents = new GridEventsClient(channel);
            // Ten simulated hours (two minutes of wall time), so it has not ended by itself before
            // TariffSync gets it, however slow the first call is; it is cancelled at once anyway.
            await gridEvents.StartForceAsync(new StartForceRequest { Direction = ForceDirection.Discharge, Minutes = 600 }, cancellationToken: cancellation);
            await gridEvents.CancelForceAsync(new CancelForceRequest(), cancellationToken: cancellation);
        }

        using (var channel = GrpcChannel.ForAddress(TariffSync.HttpUrl))
        {
            var overrides = new TariffOverrides.TariffOverridesClient(channel);
            const string name = "warm-up";
            await overrides.ApplyOverrideAsync(
                new ApplyOverrideRequest { Name = name, ExportRule = new ExportRuleOverride { Rule = OverrideExportRule.PvOnly } },
                cancellationToken: cancellation);
            var released = await overrides.ReleaseOverrideAsync(new ReleaseOverrideRequest { Name = name }, cancellationToken: cancellation);
            if (released is not { WasActive: true, Restoring: false })
            {
                throw new InvalidOperationException($"The warm-up override was not released cleanly: {released}.\n{Logs}");
            }
        }

        return Clock.GetUtcNow();
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

    /// <summary>
    /// When the price of the 5-minute interval that starts at (or contains) <paramref name="instant"/>
    /// reached the bus (simulated time): the first Amber price set whose current feed-in interval
    /// ends after it. Null when none came.
    /// </summary>
    public DateTimeOffset? FeedInPriceSeenAt(DateTimeOffset instant) =>
        AmberPrices.Received
            .Where(r => r.Event.Intervals
                .Where(i => i is { Channel: PriceChannel.FeedIn, Kind: IntervalKind.Current })
                .MinBy(i => i.End - i.Start) is { } current && current.End > instant)
            .Select(r => (DateTimeOffset?)Simulated(r.ArrivedAt))
            .FirstOrDefault();

    /// <summary>When the AEMO price of the interval that starts at (or contains) <paramref name="instant"/> reached the bus (simulated time); null when none came.</summary>
    public DateTimeOffset? AemoPriceSeenAt(DateTimeOffset instant) =>
        AemoPrices.Received
            .Where(r => r.Event.IntervalEnd > instant)
            .Select(r => (DateTimeOffset?)Simulated(r.ArrivedAt))
            .FirstOrDefault();

    /// <summary>The simulated instant the clock showed at wall-clock instant <paramref name="wallClock"/>.</summary>
    public DateTimeOffset Simulated(DateTimeOffset wallClock) =>
        _clockSettings.Start + ((wallClock - _clockSettings.Anchor) * _clockSettings.Speed);

    public string Logs => string.Join("\n\n", new[] { PriceIngest, TariffSync, GridEvents }.Select(s => $"== {s.Name} ==\n{s.Output}"));

    public async ValueTask DisposeAsync()
    {
        // Side by side: each may take seconds to stop on a busy machine, and the order does not matter once the test is over.
        await Task.WhenAll(GridEvents.DisposeAsync().AsTask(), TariffSync.DisposeAsync().AsTask(), PriceIngest.DisposeAsync().AsTask());
        await AmberPrices.DisposeAsync();
        await AemoPrices.DisposeAsync();
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

    private async Task WaitUntilReadyAsync(TimeSpan patience)
    {
        var waited = Stopwatch.StartNew();
        while (!(GridEvents.Output.Contains("Reconciled the spike, curtailment and demand-window state", StringComparison.Ordinal)
                 && AmberPrices.Received.Count > 0 && AemoPrices.Received.Count > 0))
        {
            if (waited.Elapsed > patience)
            {
                throw new TimeoutException(
                    $"Waited {patience.TotalSeconds:F0} s (until {Clock.GetUtcNow():O} simulated) for GridEvents to reconcile and the first prices: " +
                    $"{AmberPrices.Received.Count} Amber and {AemoPrices.Received.Count} AEMO price publications so far.\n{Logs}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        ReadyAt = Clock.GetUtcNow();
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
        // PriceIngest connects afresh each interval and waits this long (simulated) for the push,
        // which the replayed days have come 90 s after the boundary (ReplayDayTests); the default 60 s
        // would give up before it. On giving up it falls back to REST, which only has the 30-minute price, so
        // 5-minute curtailment edges are lost. Four simulated minutes is still under one interval,
        // so a push that never comes leaves the REST poll inside the same interval.
        common["Amber__WebSocketTimeoutSeconds"] = "240";

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
