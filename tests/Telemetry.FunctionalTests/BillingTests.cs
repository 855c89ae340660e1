using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Contracts.Common.V1;
using TeslaSync.Contracts.Telemetry.V1;
using TeslaSync.ServiceTesting;
using TeslaSync.Telemetry.Storage;
using TeslaSync.TestSupport;
using PriceIngestClient = TeslaSync.Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient;
using TelemetryClient = TeslaSync.Contracts.Telemetry.V1.Telemetry.TelemetryClient;

namespace TeslaSync.Telemetry.FunctionalTests;

/// <summary>
/// Cost, demand and the bill over gRPC on a constructed Adelaide day (Tuesday 24 November 2026) with a known answer:
/// 2.4 kW import 16:00–16:30 (1.2 kWh at 0.50 $/kWh), a 6 kW burst 17:00–17:05 (0.5 kWh at 0.30; the half-hour
/// averages 1 kW), 2.4 kW export 12:00–12:30 (1.2 kWh, feed-in −0.08 = earns 0.08 $/kWh). Peak window 16:00–21:00 weekdays
/// at 10 $/kW, shoulder 07:00–16:00 weekdays at 5 $/kW, supply 1.10 $/day, fixed 15 $. Now is 20:00, in the peak window.
/// </summary>
public sealed class BillingTests : IAsyncLifetime
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(10.5);
    private static readonly DateTimeOffset Day = new(2026, 11, 24, 0, 0, 0, Offset);
    private readonly FakeTimeProvider _time = new(Day.AddHours(20));
    private RedisServer _redis = null!;
    private SimulatorServer _simulator = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _simulator = await SimulatorServer.StartAsync(_time);
    }

    public async ValueTask DisposeAsync()
    {
        await _simulator.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task GetCosts_ConstructedDay_ImportCostAndExportEarningsAtThePricesInForce()
    {
        await using var telemetry = await StartAsync(PriceIngest());
        var client = new TelemetryClient(telemetry.CreateGrpcChannel());

        var costs = await client.GetCostsAsync(new GetCostsRequest { FromDate = "2026-11-23", ToDate = "2026-11-25" }, cancellationToken: Ct);

        Assert.True(costs.CostAvailable, costs.CostUnavailableReason);
        Assert.Equal("Australia/Adelaide", costs.TimeZone);
        var day = Assert.Single(costs.Days);
        Assert.Equal("2026-11-24", day.Date);
        Assert.Equal(1.7, day.Totals.ImportKwh, 9);
        Assert.Equal(1.2, day.Totals.ExportKwh, 9);
        Assert.Equal(0.75m, Money(day.Totals.ImportCost)); // 1.2 × 0.50 + 0.5 × 0.30
        Assert.Equal(0.096m, Money(day.Totals.ExportEarnings));
        Assert.Equal(0.654m, Money(day.Totals.NetCost));
        Assert.Equal(0, day.Totals.UnpricedImportKwh);
        Assert.False(day.Totals.Provisional);
        Assert.Equal("2026-11-01", costs.MonthFirstDate);
        Assert.Equal(0.75m, Money(costs.MonthToDate.ImportCost));
        Assert.Equal(1.7, costs.MonthToDate.ImportKwh, 9);
    }

    [Fact]
    public async Task GetBillEstimate_ConstructedDay_PeakIsTheHalfHourAverageNotTheBurst()
    {
        await using var telemetry = await StartAsync(PriceIngest());
        var client = new TelemetryClient(telemetry.CreateGrpcChannel());

        var bill = await client.GetBillEstimateAsync(new GetBillEstimateRequest(), cancellationToken: Ct);

        Assert.True(bill.CostAvailable, bill.CostUnavailableReason);
        Assert.Equal("2026-11-01", bill.CycleFirstDate);
        Assert.Equal("2026-11-30", bill.CycleLastDate);
        Assert.Equal(24, bill.DaysElapsed);
        Assert.Equal(0.75m, Money(bill.EnergyCost));
        Assert.Equal(0.096m, Money(bill.ExportEarnings));
        var peak = Assert.Single(bill.Demand, d => d.Name == "peak");
        Assert.Equal(2.4, peak.PeakKw, 9);
        Assert.Equal(Day.AddHours(16), peak.PeakStart.ToDateTimeOffset());
        Assert.Equal("2026-11-24T16:00", peak.PeakLocalStart);
        Assert.Equal(24m, Money(peak.Charge));
        var shoulder = Assert.Single(bill.Demand, d => d.Name == "shoulder");
        Assert.Equal(0, shoulder.PeakKw);
        Assert.Equal(0m, Money(shoulder.Charge));
        Assert.Equal(24m, Money(bill.DemandCharge));
        Assert.Equal(26.40m, Money(bill.SupplyToDate));
        Assert.Equal(15m, Money(bill.MonthlyFixedCharge));
        Assert.Equal(0.75m - 0.096m + 24m + 26.40m + 15m, Money(bill.Total));
        Assert.True(bill.InDemandWindow);
        Assert.Equal("peak", bill.CurrentDemandWindow);
        Assert.Equal("PER_BILLING_CYCLE", bill.DemandRateBasis);
    }

    [Fact]
    public async Task GetCostsAndBill_PriceIngestDown_ShowEnergyAndSayCostIsUnavailable()
    {
        await using var telemetry = await StartAsync(new FakePriceIngest(_ => 0m, _ => 0m) { Down = true });
        var client = new TelemetryClient(telemetry.CreateGrpcChannel());

        var costs = await client.GetCostsAsync(new GetCostsRequest { FromDate = "2026-11-24", ToDate = "2026-11-24" }, cancellationToken: Ct);
        var bill = await client.GetBillEstimateAsync(new GetBillEstimateRequest(), cancellationToken: Ct);

        Assert.False(costs.CostAvailable);
        Assert.Contains("PriceIngest", costs.CostUnavailableReason, StringComparison.Ordinal);
        var day = Assert.Single(costs.Days);
        Assert.Equal(1.7, day.Totals.ImportKwh, 9);
        Assert.Equal(1.7, day.Totals.UnpricedImportKwh, 9);
        Assert.Equal(0m, Money(day.Totals.ImportCost));
        Assert.False(bill.CostAvailable);
        Assert.Contains("PriceIngest", bill.CostUnavailableReason, StringComparison.Ordinal);
        Assert.Equal(1.7, bill.Energy.ImportKwh, 9);
        // Demand needs no prices.
        Assert.Equal(2.4, Assert.Single(bill.Demand, d => d.Name == "peak").PeakKw, 9);
    }

    [Fact]
    public async Task GetCosts_NoDates_IsTheMonthToDateInTheSitesZone()
    {
        await using var telemetry = await StartAsync(PriceIngest());
        // Just either side of 1 November in Adelaide (+10:30): the first is October's, the second November's.
        await StoreAsync(telemetry, Interval(new DateTimeOffset(2026, 10, 31, 23, 55, 0, Offset), importWh: 100),
            Interval(new DateTimeOffset(2026, 11, 1, 0, 0, 0, Offset), importWh: 300));
        var client = new TelemetryClient(telemetry.CreateGrpcChannel());

        var costs = await client.GetCostsAsync(new GetCostsRequest(), cancellationToken: Ct);

        Assert.Equal("Australia/Adelaide", costs.TimeZone);
        Assert.Equal(["2026-11-01", "2026-11-24"], costs.Days.Select(d => d.Date));
        Assert.Equal(0.3, costs.Days[0].Totals.ImportKwh, 9);
        Assert.Equal(0.09m, Money(costs.Days[0].Totals.ImportCost)); // 0.3 kWh at 0.30
        Assert.Equal(1.7, costs.Days[1].Totals.ImportKwh, 9);
        Assert.Equal("2026-11-01", costs.MonthFirstDate);
        Assert.Equal(costs.Days.Sum(d => d.Totals.ImportKwh), costs.MonthToDate.ImportKwh, 9);
    }

    [Fact]
    public async Task GetCosts_OnlyOneDate_TheOtherDefaultsToTodayOrTheFirstOfItsMonth()
    {
        await using var telemetry = await StartAsync(PriceIngest());
        await StoreAsync(telemetry, Interval(new DateTimeOffset(2026, 10, 1, 12, 0, 0, Offset), importWh: 100),
            Interval(new DateTimeOffset(2026, 10, 31, 12, 0, 0, Offset), importWh: 200),
            Interval(new DateTimeOffset(2026, 11, 1, 12, 0, 0, Offset), importWh: 300));
        var client = new TelemetryClient(telemetry.CreateGrpcChannel());

        var october = await client.GetCostsAsync(new GetCostsRequest { ToDate = "2026-10-31" }, cancellationToken: Ct);
        var sinceHalloween = await client.GetCostsAsync(new GetCostsRequest { FromDate = "2026-10-31" }, cancellationToken: Ct);

        Assert.Equal(["2026-10-01", "2026-10-31"], october.Days.Select(d => d.Date));
        Assert.Equal(["2026-10-31", "2026-11-01", "2026-11-24"], sinceHalloween.Days.Select(d => d.Date));
    }

    [Theory]
    [InlineData("2026-11-25", "2026-11-24")]
    [InlineData("24/11/2026", "2026-11-24")]
    [InlineData("2026-11-24", "2026-11")]
    [InlineData("2026-01-01", "2026-11-24")]
    [InlineData("2026-09-01", "")] // to is today: 85 days
    [InlineData("2026-11-25", "")] // to is today, before from
    public async Task GetCosts_BadDates_IsInvalidArgument(string from, string to)
    {
        await using var telemetry = await StartAsync(PriceIngest());
        var client = new TelemetryClient(telemetry.CreateGrpcChannel());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetCostsAsync(new GetCostsRequest { FromDate = from, ToDate = to }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task GetBillEstimate_UnknownSite_IsNotFound()
    {
        await using var telemetry = await StartAsync(PriceIngest());
        var client = new TelemetryClient(telemetry.CreateGrpcChannel());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetBillEstimateAsync(new GetBillEstimateRequest { SiteId = "elsewhere" }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    /// <summary>General 0.50 $/kWh 16:00–16:30 local, 0.30 otherwise; feed-in −0.08 (paid to export).</summary>
    private static FakePriceIngest PriceIngest() => new(
        at => at >= Day.AddHours(16) && at < Day.AddHours(16.5) ? 0.50m : 0.30m,
        _ => -0.08m);

    private static decimal Money(DecimalValue value) => value.ToDecimal();

    private async Task<ServiceFactory<ServiceAssembly>> StartAsync(FakePriceIngest priceIngest)
    {
        // A rejected token: the sampler stores nothing, so the energy is exactly the constructed day.
        var settings = new Dictionary<string, string>(_simulator.ServiceSettings)
        {
            ["ConnectionStrings:redis"] = _redis.ConnectionString,
            ["Tesla:AccessToken"] = "expired",
            ["Site:TimeZone"] = "Australia/Adelaide",
            ["Billing:BillingCycleDay"] = "1",
            ["Billing:DailySupplyCharge"] = "1.10",
            ["Billing:MonthlyFixedCharge"] = "15",
            ["Billing:DemandWindows:0:Name"] = "peak",
            ["Billing:DemandWindows:0:Start"] = "16:00",
            ["Billing:DemandWindows:0:End"] = "21:00",
            ["Billing:DemandWindows:0:Days"] = "Weekdays",
            ["Billing:DemandWindows:0:RatePerKw"] = "10",
            ["Billing:DemandWindows:1:Name"] = "shoulder",
            ["Billing:DemandWindows:1:Start"] = "07:00",
            ["Billing:DemandWindows:1:End"] = "16:00",
            ["Billing:DemandWindows:1:Days"] = "Monday,Tuesday,Wednesday,Thursday,Friday",
            ["Billing:DemandWindows:1:RatePerKw"] = "5",
        };
        var client = new PriceIngestClient(priceIngest);
        var factory = new ServiceFactory<ServiceAssembly>(settings, services =>
        {
            services.AddSingleton<TimeProvider>(_time);
            services.AddSingleton(client);
        });
        _ = factory.Server;
        await StoreDayAsync(factory);
        return factory;
    }

    /// <summary>A 5-minute interval of import only, fully covered.</summary>
    private static EnergyIntervalRow Interval(DateTimeOffset start, double importWh) => new()
    {
        SiteId = "home",
        LengthMinutes = EnergyIntervalRow.FiveMinutes,
        Start = start.ToUniversalTime(),
        GridImportWh = importWh,
        HomeWh = importWh,
        CoveredMilliseconds = 300_000,
    };

    private static async Task StoreAsync(ServiceFactory<ServiceAssembly> factory, params EnergyIntervalRow[] rows)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TelemetryDbContext>();
        db.Intervals.AddRange(rows);
        await db.SaveChangesAsync(Ct);
    }

    private static async Task StoreDayAsync(ServiceFactory<ServiceAssembly> factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TelemetryDbContext>();
        EnergyIntervalRow Row(int hour, int minute, double importWh, double exportWh) => new()
        {
            SiteId = "home",
            LengthMinutes = EnergyIntervalRow.FiveMinutes,
            Start = Day.AddHours(hour).AddMinutes(minute).ToUniversalTime(),
            GridImportWh = importWh,
            GridExportWh = exportWh,
            HomeWh = importWh,
            SolarWh = exportWh,
            CoveredMilliseconds = 300_000,
        };

        for (var i = 0; i < 6; i++)
        {
            db.Intervals.Add(Row(12, i * 5, 0, 200)); // 2.4 kW export
            db.Intervals.Add(Row(16, i * 5, 200, 0)); // 2.4 kW import
            db.Intervals.Add(Row(17, i * 5, i == 0 ? 500 : 0, 0)); // 6 kW for 5 minutes, then nothing
        }

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
