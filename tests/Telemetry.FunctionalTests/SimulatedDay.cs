using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Contracts.Events;
using TeslaSync.Contracts.Telemetry.V1;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;
using TelemetryClient = TeslaSync.Contracts.Telemetry.V1.Telemetry.TelemetryClient;

namespace TeslaSync.Telemetry.FunctionalTests;

/// <summary>
/// Telemetry sampling the simulated Powerwall every 30 s through one whole Adelaide day (24 November 2026),
/// on a fake clock the simulator shares, from ten minutes before the day to 01:20 the next morning (so the
/// day's Tesla totals have been fetched). Run once for all the tests that look at the result.
/// </summary>
public sealed class SimulatedDay : IAsyncLifetime
{
    public static readonly TimeZoneInfo Adelaide = TimeZoneInfo.FindSystemTimeZoneById("Australia/Adelaide");
    public static readonly DateOnly Day = new(2026, 11, 24);
    public static readonly DateTimeOffset DayStart = new(2026, 11, 24, 0, 0, 0, TimeSpan.FromHours(10.5));
    public static readonly DateTimeOffset DayEnd = DayStart.AddDays(1);
    private static readonly DateTimeOffset Begin = DayStart.AddMinutes(-10);
    private static readonly DateTimeOffset Finish = DayEnd.AddMinutes(80);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    private RedisServer _redis = null!;
    private ServiceFactory<ServiceAssembly> _telemetry = null!;

    public FakeTimeProvider Time { get; } = new(Begin);

    public SimulatorServer Simulator { get; private set; } = null!;

    public FakeTariffSync TariffSync { get; } = new();

    public EventRecorder<LiveStatusSampled> Samples { get; private set; } = null!;

    public TelemetryClient Client { get; private set; } = null!;

    /// <summary>How long the run took on the wall clock.</summary>
    public TimeSpan RunTime { get; private set; }

    /// <summary>The Tesla requests the simulator served to Telemetry in the run.</summary>
    public IReadOnlyList<TeslaSync.Simulator.Tesla.TeslaServedRequest> TeslaRequests { get; private set; } = [];

    /// <summary>The reads Telemetry reported to TariffSync in the run, once every one has been.</summary>
    public long ReportedReads { get; private set; }

    /// <summary>The day's summary once Tesla's totals were fetched (or failed to be).</summary>
    public GetEnergySummaryResponse Summary { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        Simulator = await SimulatorServer.StartAsync(Time);
        Samples = await EventRecorder<LiveStatusSampled>.StartAsync(_redis.ConnectionString);
        var tariffSync = new TariffSyncClient(TariffSync);
        // No Site:TimeZone and TariffSync has no tariff yet: the zone comes from the Powerwall's site_info.
        var settings = new Dictionary<string, string>(Simulator.ServiceSettings)
        {
            ["ConnectionStrings:redis"] = _redis.ConnectionString,
            // The test clock jumps 30 s at each step while a real request may still be on its way (a loaded machine);
            // with the default 30 s attempt timeout on that clock the jump would cancel the read and retry it.
            ["Tesla:Resilience:AttemptTimeout"] = "1.00:00:00",
            ["Tesla:Resilience:TotalTimeout"] = "1.00:00:00",
        };
        _telemetry = new ServiceFactory<ServiceAssembly>(settings, services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton(tariffSync);
        });
        _ = _telemetry.Server;
        Client = new TelemetryClient(_telemetry.CreateGrpcChannel());

        var watch = Stopwatch.StartNew();
        await WaitForSamplesAsync(1);
        var expected = 1;
        while (Time.GetUtcNow() < Finish)
        {
            Time.Advance(Step);
            await WaitForSamplesAsync(++expected);
        }

        RunTime = watch.Elapsed;
        Summary = await Eventually.GetAsync(async () =>
        {
            var summary = await Client.GetEnergySummaryAsync(new GetEnergySummaryRequest { Period = SummaryPeriod.Day, Date = "2026-11-24" });
            return summary.Reconciliation.Status == ReconciliationStatus.Pending ? null : summary;
        }, TimeSpan.FromSeconds(30), "the day's reconciliation (fetched after 01:00 the next morning)");

        // The last sample's reads are reported just after it is published. A report that missed its
        // deadline (a loaded machine) is kept and sent with the next sample's, so take one more sample
        // while the counts differ: every read must be counted in the end.
        await Eventually.GetAsync(async () =>
        {
            TeslaRequests = [.. (await Simulator.TeslaRequestsAsync()).Where(r => r.Method == "GET" && r.Path.Contains("/api/1/", StringComparison.Ordinal))];
            ReportedReads = TariffSync.ReportedReads;
            if (TeslaRequests.Count == ReportedReads)
            {
                return new object();
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
            if (TariffSync.ReportedReads != ReportedReads)
            {
                return null; // a report is still arriving
            }

            Time.Advance(Step);
            await WaitForSamplesAsync(++expected);
            return null;
        }, TimeSpan.FromSeconds(60), "every Tesla read reported to TariffSync");
    }

    /// <summary>Every sample is stored before it is published, so a published sample is in the history.</summary>
    private async Task WaitForSamplesAsync(int count)
    {
        var deadline = Stopwatch.StartNew();
        while (Samples.Received.Count < count)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"Sample {count} (at {Time.GetUtcNow():O}) was not published within 30 s.");
            }

            await Task.Delay(1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _telemetry.DisposeAsync();
        await Samples.DisposeAsync();
        await Simulator.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
