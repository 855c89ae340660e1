using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Domain.Energy;
using TeslaSync.ServiceDefaults;
using TeslaSync.ServiceTesting;
using TeslaSync.Telemetry.Energy;
using TeslaSync.Telemetry.LiveStatus;
using TeslaSync.Telemetry.Storage;

namespace TeslaSync.Telemetry.UnitTests;

/// <summary>
/// Telemetry's storage, roll-up, readers and reconciler wired as the service wires them, on a SQLite
/// file in a temporary folder and a fake clock, with a stand-in TariffSync that counts reported reads.
/// </summary>
internal sealed class TelemetryRig : IAsyncDisposable
{
    public const string SiteId = "home";

    private readonly string _directory = Directory.CreateTempSubdirectory("teslasync-telemetry-").FullName;

    private TelemetryRig(string zoneId, DateTimeOffset start, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configure)
    {
        Zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        Time = new FakeTimeProvider(start);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Site:Id"] = SiteId, ["Site:TimeZone"] = zoneId })
            .AddInMemoryCollection(settings)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Time);
        services.AddDbContext<TelemetryDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(_directory, "telemetry.db")}"));
        services.AddSiteTimeZone();
        services.AddOptions<EnergyHistoryOptions>().BindConfiguration(EnergyHistoryOptions.SectionName);
        services.AddOptions<ReconciliationOptions>().BindConfiguration(ReconciliationOptions.SectionName);
        services.AddOptions<LiveStatusOptions>().BindConfiguration(LiveStatusOptions.SectionName);
        services.AddSingleton(new TariffSyncClient(TariffSync));
        services.AddSingleton<ApiUsageReporter>();
        services.AddSingleton<PowerwallSite>();
        services.AddSingleton<EnergyWriteGate>();
        services.AddScoped<EnergyStore>();
        services.AddScoped<EnergyHistoryReader>();
        services.AddScoped<EnergySummaries>();
        services.AddSingleton<DailyReconciler>();
        configure?.Invoke(services);

        Services = services.BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; }

    public TimeZoneInfo Zone { get; }

    public ServiceProvider Services { get; }

    public FakeTariffSync TariffSync { get; } = new();

    public static async Task<TelemetryRig> StartAsync(string zoneId, DateTimeOffset start, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var rig = new TelemetryRig(zoneId, start, settings ?? new Dictionary<string, string?>(), configure);
        await using var scope = rig.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TelemetryDbContext>().Database.MigrateAsync();
        return rig;
    }

    /// <summary>Runs <paramref name="work"/> in a scope, as one request or one background pass would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<bool> RecordAsync(DateTimeOffset at, double solar, double battery, double grid, double? load = null) =>
        InScopeAsync(s => s.GetRequiredService<EnergyStore>().RecordSampleAsync(
            new LiveSample(SiteId, at, solar, battery, grid, load ?? (solar + battery + grid), 50, "Active"), CancellationToken.None));

    /// <summary>Samples every <paramref name="step"/> in [from, to], moving the clock along, with a roll-up pass every 5 minutes of it.</summary>
    public async Task SampleAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan step, Func<DateTimeOffset, (double Solar, double Battery, double Grid)> powers, bool rollUp = true)
    {
        var lastRollup = from;
        for (var at = from; at <= to; at += step)
        {
            if (Time.GetUtcNow() < at)
            {
                Time.SetUtcNow(at);
            }

            var (solar, battery, grid) = powers(at);
            await RecordAsync(at, solar, battery, grid);
            if (rollUp && at - lastRollup >= TimeSpan.FromMinutes(5))
            {
                await RollUpAsync();
                lastRollup = at;
            }
        }
    }

    public Task<int> RollUpAsync() =>
        InScopeAsync(s => s.GetRequiredService<EnergyStore>().RollUpAsync(SiteId, Time.GetUtcNow(), CancellationToken.None));

    public Task<RetentionResult> PurgeAsync() =>
        InScopeAsync(s => s.GetRequiredService<EnergyStore>().PurgeAsync(SiteId, Time.GetUtcNow(), CancellationToken.None));

    public Task<(EnergySummary Summary, SummaryReconciliation Reconciliation)> SummaryAsync(SummaryPeriod kind, DateOnly date) =>
        InScopeAsync(s => s.GetRequiredService<EnergySummaries>().SummarizeAsync(SiteId, kind, date, Zone, CancellationToken.None));

    public Task<IReadOnlyList<EnergyHistoryBucket>> HistoryAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan resolution) =>
        InScopeAsync(s => s.GetRequiredService<EnergyHistoryReader>().HistoryAsync(SiteId, from, to, resolution, Zone, CancellationToken.None));

    public Task<List<EnergyIntervalRow>> RowsAsync(int lengthMinutes) =>
        InScopeAsync(s => s.GetRequiredService<TelemetryDbContext>().Intervals.AsNoTracking()
            .Where(i => i.LengthMinutes == lengthMinutes).OrderBy(i => i.Start).ToListAsync());

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}

/// <summary>Stands in for TariffSync: takes usage reports (counting the reads) and answers with a budget level.</summary>
internal sealed class FakeTariffSync : UnaryCallInvoker
{
    private long _reads;
    private int _reports;

    public long ReportedReads => Interlocked.Read(ref _reads);

    public int Reports => Volatile.Read(ref _reports);

    public string Level { get; set; } = "normal";

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        object response = request switch
        {
            ReportApiUsageRequest report => Report(report),
            _ => throw new RpcException(new Status(StatusCode.Unimplemented, method.FullName)),
        };
        return new AsyncUnaryCall<TResponse>(Task.FromResult((TResponse)response), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    private ApiBudget Report(ReportApiUsageRequest report)
    {
        Interlocked.Add(ref _reads, report.DataReads);
        Interlocked.Increment(ref _reports);
        return new ApiBudget { SiteId = report.SiteId, Level = Level, MinReadIntervalSeconds = 0 };
    }
}
