using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Contracts.Events;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.Domain.Sites;
using TeslaSync.Integrations.Aemo;
using TeslaSync.PriceIngest.Aemo;
using TeslaSync.PriceIngest.Aemo.Storage;
using TeslaSync.ServiceTesting;
using TeslaSync.Simulator.Aemo;
using TeslaSync.TestSupport;
using AemoPriceSource = TeslaSync.Contracts.Events.AemoPriceSource;

namespace TeslaSync.PriceIngest.FunctionalTests;

/// <summary>
/// AEMO ingestion in PriceIngest against the simulator's ELEC_NEM_SUMMARY and NEMWeb doubles, with real
/// Redis and SQLite and one fake clock shared by the service and the simulator.
/// </summary>
public sealed class AemoPricesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Nem = TimeSpan.FromHours(10);

    /// <summary>Monday 12:11 NEM in the replayed week: the SA1 15,100 $/MWh interval (12:15–12:20) is two intervals away.</summary>
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 11, 0, Nem);

    private readonly FakeTimeProvider _time = new(Start);
    private RedisServer _redis = null!;
    private EventRecorder<AemoPriceUpdated> _recorder = null!;
    private SimulatorServer _simulator = null!;
    private ServiceFactory<ServiceAssembly>? _priceIngest;

    private IReadOnlyList<AemoPriceUpdated> Published => _recorder.Events;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _recorder = await EventRecorder<AemoPriceUpdated>.StartAsync(_redis.ConnectionString);
        _simulator = await SimulatorServer.StartAsync(_time);
    }

    public async ValueTask DisposeAsync()
    {
        if (_priceIngest is not null)
        {
            await _priceIngest.DisposeAsync();
        }

        await _simulator.DisposeAsync();
        await _recorder.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Poll_JsonAnswers_StoresEveryRegionPublishesSiteRegionAndServesOverGrpc()
    {
        var expected = await SimulatorSummaryAsync();
        var client = StartPriceIngest(); // no Aemo:Region: derived from the simulated Amber site ("SA Power Networks")

        var published = await NthEventAsync(0);

        var sa1 = expected.Single(p => p.Region == NemRegion.SA1);
        Assert.Equal((NemRegion.SA1, sa1.IntervalEnd, sa1.RrpPerMwh, true, AemoPriceSource.Json),
            (published.Region, published.IntervalEnd, published.RrpPerMwh, published.Firm, published.Source));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 12, 15, 0, Nem), published.IntervalEnd);
        Assert.Equal("home", published.SiteId);

        var latest = await client.GetLatestAemoPricesAsync(new GetLatestAemoPricesRequest(), cancellationToken: Ct);
        Assert.Equal(AemoRegion.Sa1, latest.SiteRegion);
        Assert.Empty(latest.SiteRegionProblem);
        Assert.Equal(
            expected.OrderBy(p => p.Region).Select(p => (p.Region.ToString(), p.IntervalEnd, p.RrpPerMwh, p.Firm)),
            latest.Prices.Select(p => (Name(p.Region), p.IntervalEnd.ToDateTimeOffset(), (decimal)p.RrpPerMwh, p.Firm)));
        Assert.All(latest.Prices, p => Assert.Equal(Contracts.PriceIngest.V1.AemoPriceSource.Json, p.Source));

        var siteOnly = await client.GetLatestAemoPricesAsync(new GetLatestAemoPricesRequest { SiteRegionOnly = true }, cancellationToken: Ct);
        Assert.Equal(AemoRegion.Sa1, Assert.Single(siteOnly.Prices).Region);
    }

    [Fact]
    public async Task Poll_EveryMinuteForTwoIntervals_PublishesOncePerInterval()
    {
        StartPriceIngest(("Aemo:Region", "SA1"));
        await NthEventAsync(0);

        // Polls at 12:12 … 12:19: three of them in the first interval, then the spike interval begins at 12:15.
        for (var minute = 0; minute < 8; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(250, Ct);
        }

        await Eventually.GetAsync(() => Task.FromResult(Published.Count >= 2 ? Published : null), Patience, "the spike interval's event");
        await Task.Delay(500, Ct);
        var events = Published.ToList();
        Assert.Equal(
            [new DateTimeOffset(2026, 11, 23, 12, 15, 0, Nem), new DateTimeOffset(2026, 11, 23, 12, 20, 0, Nem)],
            events.Select(e => e.IntervalEnd));
        Assert.Equal(15100m, events[1].RrpPerMwh);
    }

    [Theory]
    [InlineData(AemoFaultKinds.ServerError)]
    [InlineData(AemoFaultKinds.Malformed)]
    [InlineData(AemoFaultKinds.Stale)]
    public async Task Poll_JsonUnusable_NemWebFallbackGivesTheSamePrice(string kind)
    {
        await _simulator.InjectAemoFaultsAsync(new AemoFault(kind));
        var client = StartPriceIngest(("Aemo:Region", "SA1"));

        var published = await NthEventAsync(0);
        Assert.Empty(await _simulator.PendingAemoFaultsAsync(Ct));
        var json = (await SimulatorSummaryAsync()).Single(p => p.Region == NemRegion.SA1);

        Assert.Equal(AemoPriceSource.NemWeb, published.Source);
        Assert.Equal((json.IntervalEnd, json.RrpPerMwh, json.Firm), (published.IntervalEnd, published.RrpPerMwh, published.Firm));
        var latest = await client.GetLatestAemoPricesAsync(new GetLatestAemoPricesRequest(), cancellationToken: Ct);
        Assert.Equal(5, latest.Prices.Count); // NEMWeb carries every region too
        Assert.All(latest.Prices, p => Assert.Equal(Contracts.PriceIngest.V1.AemoPriceSource.Nemweb, p.Source));
    }

    [Fact]
    public async Task Poll_BothSourcesFail_PublishesNothingAndRecoversAtTheNextPoll()
    {
        await _simulator.InjectAemoFaultsAsync(AemoFault.ServerError(), AemoFault.ServerError(path: "/nemweb/**"));
        StartPriceIngest(("Aemo:Region", "SA1"));

        await Eventually.GetAsync(async () => (await _simulator.PendingAemoFaultsAsync(Ct)).Count == 0 ? "served" : null, Patience, "both faults served");
        await Task.Delay(300, Ct);
        Assert.Empty(Published);

        _time.Advance(TimeSpan.FromMinutes(1));
        var published = await NthEventAsync(0);
        Assert.Equal(AemoPriceSource.Json, published.Source);
    }

    [Fact]
    public async Task Poll_ProvisionalThenFirm_ReplacesStoredValueAndPublishesOnceMore()
    {
        await _simulator.InjectAemoFaultsAsync(AemoFault.Provisional("SA1", 123.45));
        var client = StartPriceIngest(("Aemo:Region", "SA1"));

        var provisional = await NthEventAsync(0);
        Assert.Equal((123.45m, false), (provisional.RrpPerMwh, provisional.Firm));

        _time.Advance(TimeSpan.FromMinutes(1)); // 12:12, same interval: the firm value arrives
        var firm = await NthEventAsync(1);
        var json = (await SimulatorSummaryAsync()).Single(p => p.Region == NemRegion.SA1);
        Assert.Equal((provisional.IntervalEnd, json.RrpPerMwh, true), (firm.IntervalEnd, firm.RrpPerMwh, firm.Firm));

        _time.Advance(TimeSpan.FromMinutes(1)); // 12:13, same interval and value again
        await Task.Delay(500, Ct);
        Assert.Equal(2, Published.Count);

        var history = await client.GetAemoPriceHistoryAsync(new GetAemoPriceHistoryRequest
        {
            Region = AemoRegion.Sa1,
            From = Timestamp.FromDateTimeOffset(firm.IntervalEnd.AddMinutes(-5)),
            To = Timestamp.FromDateTimeOffset(firm.IntervalEnd),
        }, cancellationToken: Ct);
        var stored = Assert.Single(history.Prices);
        Assert.Equal((json.RrpPerMwh, true), ((decimal)stored.RrpPerMwh, stored.Firm));
    }

    [Fact]
    public async Task DailyMaxima_ReplayedSa1Spike_Is15100AtTwelveTwenty()
    {
        var client = StartPriceIngest(("Aemo:Region", "SA1"));
        await NthEventAsync(0);
        _time.Advance(TimeSpan.FromMinutes(4)); // 12:15: the spike interval (ends 12:20)
        await NthEventAsync(1);
        _time.Advance(TimeSpan.FromMinutes(5)); // 12:20: back below the cap
        var after = await NthEventAsync(2);
        Assert.True(after.RrpPerMwh < 15100m);

        var maxima = await client.GetAemoDailyMaximaAsync(new GetAemoDailyMaximaRequest
        {
            Region = AemoRegion.Sa1,
            FromDate = "2026-11-22",
            ToDate = "2026-11-24",
        }, cancellationToken: Ct);

        var day = Assert.Single(maxima.Days);
        Assert.Equal("2026-11-23", day.Date);
        Assert.Equal(15100m, (decimal)day.MaxRrpPerMwh);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 12, 20, 0, Nem), day.MaxIntervalEnd.ToDateTimeOffset());
        Assert.Equal(3, day.IntervalCount);
    }

    [Fact]
    public async Task GetLatestAemoPrices_NoRegionAndNoAmberAccount_SaysSetAemoRegionAndPublishesNothing()
    {
        var client = StartPriceIngest(("Amber:ApiToken", ""));

        var latest = await Eventually.GetAsync(async () =>
        {
            var answer = await client.GetLatestAemoPricesAsync(new GetLatestAemoPricesRequest(), cancellationToken: Ct);
            return answer.Prices.Count == 5 ? answer : null;
        }, Patience, "every region's price stored");
        var siteOnly = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetLatestAemoPricesAsync(new GetLatestAemoPricesRequest { SiteRegionOnly = true }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(AemoRegion.Unspecified, latest.SiteRegion);
        Assert.Contains("set Aemo:Region", latest.SiteRegionProblem, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, siteOnly.StatusCode);
        Assert.Empty(Published);
    }

    [Fact]
    public async Task History_AYearOfVic1PricesStored_SevenDayWindowAndDailyMaximaAreCorrect()
    {
        // A real year: AEMO's PRICE_AND_DEMAND files for VIC1, 2024 (kept beyond the default retention for this test).
        var client = StartPriceIngest(("Aemo:Region", "SA1"), ("Aemo:RetentionDays", "3650"));
        await NthEventAsync(0);
        var year = Vic1Year2024();
        var watch = Stopwatch.StartNew();
        await using (var scope = _priceIngest!.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AemoDbContext>();
            db.Prices.AddRange(year.Select(p => new AemoPriceRow
            {
                Region = p.Region,
                IntervalEnd = p.IntervalEnd,
                NemDate = AemoStorageUnits.NemDateOf(p.IntervalEnd),
                RrpMicros = AemoStorageUnits.ToMicros(p.RrpPerMwh),
                Firm = true,
                Source = AemoPriceSource.NemWeb,
                ReceivedAt = p.IntervalEnd,
            }));
            await db.SaveChangesAsync(Ct);
        }

        output.WriteLine($"Inserted {year.Count:N0} VIC1 prices in {watch.ElapsedMilliseconds} ms");

        var from = new DateTimeOffset(2024, 6, 10, 0, 0, 0, Nem);
        var to = from.AddDays(7);
        watch.Restart();
        var week = await client.GetAemoPriceHistoryAsync(new GetAemoPriceHistoryRequest
        {
            Region = AemoRegion.Vic1,
            From = Timestamp.FromDateTimeOffset(from),
            To = Timestamp.FromDateTimeOffset(to),
        }, cancellationToken: Ct);
        output.WriteLine($"7-day history ({week.Prices.Count} prices) in {watch.ElapsedMilliseconds} ms");

        watch.Restart();
        var maxima = await client.GetAemoDailyMaximaAsync(new GetAemoDailyMaximaRequest
        {
            Region = AemoRegion.Vic1,
            FromDate = "2024-01-01",
            ToDate = "2024-12-31",
        }, cancellationToken: Ct);
        output.WriteLine($"Daily maxima for a year ({maxima.Days.Count} days) in {watch.ElapsedMilliseconds} ms");

        var expectedWeek = year.Where(p => p.IntervalEnd > from && p.IntervalEnd <= to).ToList();
        Assert.Equal(2016, expectedWeek.Count);
        Assert.Equal(
            expectedWeek.Select(p => (p.IntervalEnd, p.RrpPerMwh)),
            week.Prices.Select(p => (p.IntervalEnd.ToDateTimeOffset(), (decimal)p.RrpPerMwh)));

        var expectedDays = year
            .GroupBy(p => DateOnly.FromDateTime(p.IntervalEnd.AddMinutes(-5).ToOffset(Nem).DateTime))
            .OrderBy(g => g.Key)
            .Select(g => (Date: g.Key, Max: g.Max(p => p.RrpPerMwh), Prices: g.ToList()))
            .Select(d => (
                d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                d.Max,
                d.Prices.Where(p => p.RrpPerMwh == d.Max).Min(p => p.IntervalEnd),
                d.Prices.Count))
            .ToList();
        Assert.Equal(366, expectedDays.Count);
        Assert.Equal(expectedDays, maxima.Days.Select(d => (d.Date, (decimal)d.MaxRrpPerMwh, d.MaxIntervalEnd.ToDateTimeOffset(), d.IntervalCount)));
    }

    /// <summary>VIC1's 2024 5-minute prices from AEMO's monthly PRICE_AND_DEMAND CSVs (SOURCES.md 1b).</summary>
    private static List<RegionalPrice> Vic1Year2024()
    {
        var folder = SharedFolder.Data("aemo", "as2811-project_aemo-e2e-forecast");
        var prices = new List<RegionalPrice>();
        foreach (var file in Directory.GetFiles(folder, "PRICE_AND_DEMAND_2024*_VIC1*.csv").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file).Skip(1).Where(l => l.Length > 0))
            {
                var fields = line.Split(',');
                var local = DateTime.ParseExact(fields[1], "yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture);
                prices.Add(new RegionalPrice(NemRegion.VIC1, new DateTimeOffset(local, Nem).ToUniversalTime(),
                    decimal.Parse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture), true));
            }
        }

        Assert.Equal(105_408, prices.Count); // 366 days × 288
        return prices;
    }

    private async Task<IReadOnlyList<RegionalPrice>> SimulatorSummaryAsync()
    {
        using var http = new HttpClient();
        var body = await http.GetByteArrayAsync(_simulator.AemoBaseUrl + "/aemo/apps/api/report/ELEC_NEM_SUMMARY", Ct);
        return AemoReportJson.ParseNemSummary(body);
    }

    private Task<AemoPriceUpdated> NthEventAsync(int index) =>
        Eventually.GetAsync(() => Task.FromResult(Published.Skip(index).FirstOrDefault()), Patience, $"AemoPriceUpdated #{index + 1}");

    private static string Name(AemoRegion region) => region switch
    {
        AemoRegion.Nsw1 => "NSW1",
        AemoRegion.Qld1 => "QLD1",
        AemoRegion.Vic1 => "VIC1",
        AemoRegion.Sa1 => "SA1",
        AemoRegion.Tas1 => "TAS1",
        _ => "?",
    };

    private AemoPrices.AemoPricesClient StartPriceIngest(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string>(_simulator.ServiceSettings)
        {
            ["ConnectionStrings:redis"] = _redis.ConnectionString,
            ["Aemo:NemWebBaseUrl"] = _simulator.NemWebBaseUrl,
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        _priceIngest = new ServiceFactory<ServiceAssembly>(settings, services => services.AddSingleton<TimeProvider>(_time));
        return new AemoPrices.AemoPricesClient(_priceIngest.CreateGrpcChannel());
    }
}

/// <summary>Which NEM region an Amber site's network is in: known names map, anything else is left to the user.</summary>
public sealed class AemoNetworkRegionTests
{
    [Theory]
    [InlineData("Ausgrid", NemRegion.NSW1)]
    [InlineData("Endeavour Energy", NemRegion.NSW1)]
    [InlineData("Essential Energy", NemRegion.NSW1)]
    [InlineData("Evoenergy", NemRegion.NSW1)]
    [InlineData("Energex", NemRegion.QLD1)]
    [InlineData("Ergon Energy", NemRegion.QLD1)]
    [InlineData("SA Power Networks", NemRegion.SA1)]
    [InlineData("CitiPower", NemRegion.VIC1)]
    [InlineData("Powercor", NemRegion.VIC1)]
    [InlineData("Jemena", NemRegion.VIC1)]
    [InlineData("United Energy", NemRegion.VIC1)]
    [InlineData("United", NemRegion.VIC1)]
    [InlineData("AusNet Services", NemRegion.VIC1)]
    [InlineData("TasNetworks", NemRegion.TAS1)]
    public void OfNetwork_KnownNetwork_ReturnsItsRegion(string network, NemRegion expected) =>
        Assert.Equal(expected, AemoRegions.OfNetwork(network));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Western Power")] // Western Australia: not in the NEM at all
    [InlineData("Horizon Power")]
    [InlineData("Power and Water")]
    [InlineData("Some New Network")]
    public void OfNetwork_UnknownNetwork_ReturnsNoRegion(string? network) =>
        Assert.Null(AemoRegions.OfNetwork(network));

    [Theory]
    [InlineData("SA1", true)]
    [InlineData("sa1", false)]
    [InlineData("1", false)]
    [InlineData("SNOWY1", false)]
    public void TryParse_OnlyExactAemoIds(string text, bool expected) => Assert.Equal(expected, AemoRegions.TryParse(text, out _));
}
