using System.Diagnostics;
using System.Globalization;
using TeslaSync.Contracts.Events;
using TeslaSync.Domain.Tariffs;
using TeslaSync.Domain.Time;
using TeslaSync.ServiceTesting;
using TeslaSync.SystemBenchmarks;
using TeslaSync.TestSupport;

namespace TeslaSync.ScaleBenchmarks;

/// <summary>What one price update cost: wall time until every site's sync outcome was published, and TariffSync's CPU.</summary>
internal sealed record UpdateRound(TimeSpan AllSynced, int Succeeded, int Failed, double TariffSyncCpuSeconds);

/// <summary>
/// One deployment syncing <see cref="Sites"/> Powerwalls: real Redis, TariffSync as its own process
/// (its own site plus <see cref="Sites"/> − 1 <c>TariffSync:AdditionalSites</c>), and the simulator, in
/// this process, standing in for one Tesla account with that many energy sites, each call answered
/// after <c>Simulator:Tesla:LatencyMs</c>. The benchmark plays PriceIngest: it publishes each price
/// update on the bus exactly as PriceIngest does, so the figures are TariffSync's alone.
/// TariffSync uploads to a Powerwall at most once per 5-minute period, so it runs on a clock 60 times
/// faster than the wall clock (as a replay does; its Tesla timeouts stay in wall time) and each update
/// is published in a later period than the previous update's last sync: a 5-minute period lasts 5 s.
/// </summary>
internal sealed class FleetDeployment : IAsyncDisposable
{
    public const string OwnSiteId = "home";

    private const double ClockSpeed = 60;
    private static readonly TimeSpan UploadPeriod = TariffUploadPolicy.Period;

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("teslasync-scale-");
    private readonly ClockSettings _clock = new(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, ClockSpeed);
    private readonly TimeProvider _time;
    private decimal _priceStep;
    private DateTimeOffset _lastRoundEnded = DateTimeOffset.MinValue;

    private FleetDeployment(int sites, RedisServer redis, SimulatorServer simulator, EventPublisher publisher, EventRecorder<TariffSynced> outcomes)
    {
        _time = ClockSettings.Create(_clock, TimeProvider.System);
        Sites = sites;
        Redis = redis;
        Simulator = simulator;
        Publisher = publisher;
        Outcomes = outcomes;
    }

    public int Sites { get; }

    public RedisServer Redis { get; }

    public SimulatorServer Simulator { get; }

    public ServiceProcess TariffSync { get; } = ServiceProcess.Create("TariffSync");

    private EventPublisher Publisher { get; }

    private EventRecorder<TariffSynced> Outcomes { get; }

    public static async Task<FleetDeployment> StartAsync(int sites, int teslaLatencyMs, int maxConcurrentSyncs)
    {
        var redis = await RedisServer.StartAsync();
        var simulator = await SimulatorServer.StartAsync(null,
            $"--Simulator:Tesla:SiteCount={sites}", $"--Simulator:Tesla:LatencyMs={teslaLatencyMs}");
        var publisher = await EventPublisher.ConnectAsync(redis.ConnectionString);
        var outcomes = await EventRecorder<TariffSynced>.StartAsync(redis.ConnectionString);
        var deployment = new FleetDeployment(sites, redis, simulator, publisher, outcomes);
        try
        {
            await deployment.TariffSync.StartAsync(deployment.Environment(maxConcurrentSyncs), TimeSpan.FromSeconds(120));
            await BusSubscribers.WaitAsync(publisher.Connection, nameof(PricesUpdated));
            return deployment;
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Publishes new prices (every rate a cent above the last update's, a material change for every site)
    /// and waits until every site's sync outcome has been published: uploaded and read back, or failed.
    /// </summary>
    public async Task<UpdateRound> UpdatePricesAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        await WaitForTheNextUploadPeriodAsync(cancellationToken);
        _priceStep += 0.01m;
        var seen = Outcomes.Received.Count;
        var cpuBefore = TariffSyncSample().CpuSeconds;
        var now = _time.GetUtcNow();
        var prices = PriceSet.HalfHours(now, _priceStep);

        var elapsed = Stopwatch.StartNew();
        await Publisher.PublishAsync(new PricesUpdated
        {
            SiteId = OwnSiteId, OccurredAt = now, ReceivedAt = now, ContentHash = $"scale-{_priceStep}", Intervals = prices,
        });
        while (Outcomes.Received.Count - seen < Sites)
        {
            if (elapsed.Elapsed > patience)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"{Outcomes.Received.Count - seen} of {Sites} sites reported a sync outcome within {patience.TotalSeconds:F0} s.\n{Tail(TariffSync.Output)}"));
            }

            await Task.Delay(10, cancellationToken);
        }

        var allSynced = elapsed.Elapsed;
        _lastRoundEnded = _time.GetUtcNow();
        var round = Outcomes.Events.Skip(seen).Take(Sites).ToList();
        return new UpdateRound(allSynced, round.Count(o => o.Status == "succeeded"), round.Count(o => o.Status == "failed"),
            TariffSyncSample().CpuSeconds - cpuBefore);
    }

    private async Task WaitForTheNextUploadPeriodAsync(CancellationToken cancellationToken)
    {
        var nextPeriod = new DateTimeOffset(_lastRoundEnded.UtcTicks - (_lastRoundEnded.UtcTicks % UploadPeriod.Ticks), TimeSpan.Zero) + UploadPeriod;
        var wait = (nextPeriod - _time.GetUtcNow()) / ClockSpeed;
        if (_lastRoundEnded != DateTimeOffset.MinValue && wait > TimeSpan.Zero)
        {
            await Task.Delay(wait + TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    public ProcessSample TariffSyncSample() =>
        ProcessSample.Read(TariffSync.Id, "TariffSync") ?? throw new InvalidOperationException($"TariffSync has exited.\n{Tail(TariffSync.Output)}");

    public async ValueTask DisposeAsync()
    {
        await TariffSync.DisposeAsync();
        await Outcomes.DisposeAsync();
        await Publisher.DisposeAsync();
        await Simulator.DisposeAsync();
        await Redis.DisposeAsync();
        _data.Delete(recursive: true);
    }

    private Dictionary<string, string> Environment(int maxConcurrentSyncs)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__redis"] = Redis.ConnectionString,
            ["Storage__DataDirectory"] = _data.FullName,
            ["Site__Id"] = OwnSiteId,
            ["Clock__Start"] = _clock.Start.ToString("O", CultureInfo.InvariantCulture),
            ["Clock__Anchor"] = _clock.Anchor.ToString("O", CultureInfo.InvariantCulture),
            ["Clock__Speed"] = ClockSpeed.ToString(CultureInfo.InvariantCulture),
            // The benchmark plays PriceIngest and publishes every update; TariffSync's own catch-up from PriceIngest is not measured.
            ["TariffSync__MissedUpdateAfter"] = "1.00:00:00",
            ["TariffSync__EnergySiteId"] = SimulatorServer.EnergySiteId.ToString(CultureInfo.InvariantCulture),
            ["TariffSync__MaxConcurrentSyncs"] = maxConcurrentSyncs.ToString(CultureInfo.InvariantCulture),
            // Nothing listens here: the benchmark plays PriceIngest on the bus, and nothing asks it over gRPC within a run.
            ["services__priceingest__http__0"] = $"http://127.0.0.1:{FreePort.Next()}",
        };
        foreach (var (key, value) in Simulator.ServiceSettings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        // Site k of the simulated account is energy site EnergySiteId + k; site 0 is the deployment's own.
        for (var k = 1; k < Sites; k++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"TariffSync__AdditionalSites__{k - 1}__");
            environment[prefix + "Id"] = string.Create(CultureInfo.InvariantCulture, $"site-{k:D4}");
            environment[prefix + "EnergySiteId"] = (SimulatorServer.EnergySiteId + k).ToString(CultureInfo.InvariantCulture);
            environment[prefix + "TimeZone"] = "Australia/Adelaide";
        }

        return environment;
    }

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(20));
}
