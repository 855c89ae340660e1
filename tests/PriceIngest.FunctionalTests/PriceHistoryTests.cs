using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.PriceIngest.Storage;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;
using PriceIngestClient = TeslaSync.Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient;

namespace TeslaSync.PriceIngest.FunctionalTests;

/// <summary>What PriceIngest keeps of prices and how it answers for a chart, a forecast and a choice of site.</summary>
public sealed class PriceHistoryTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 14, 7, 0, TimeSpan.FromHours(10)));
    private RedisServer _redis = null!;
    private SimulatorServer _simulator = null!;
    private ServiceFactory<ServiceAssembly> _priceIngest = null!;
    private PriceIngestClient _client = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _simulator = await SimulatorServer.StartAsync(_time);
        var settings = new Dictionary<string, string>(_simulator.ServiceSettings) { ["ConnectionStrings:redis"] = _redis.ConnectionString };
        _priceIngest = new ServiceFactory<ServiceAssembly>(settings, services => services.AddSingleton<TimeProvider>(_time));
        _client = new PriceIngestClient(_priceIngest.CreateGrpcChannel());
    }

    public async ValueTask DisposeAsync()
    {
        await _priceIngest.DisposeAsync();
        await _simulator.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task GetPriceHistory_AfterTheFirstUpdate_ChartsEveryReceivedInterval()
    {
        var received = await FirstPricesAsync();
        var general = received.Intervals.Where(i => i.Channel == PriceChannel.General).ToList();

        var chart = await _client.GetPriceHistoryAsync(new GetPriceHistoryRequest
        {
            Channel = PriceChannel.General,
            From = general[0].Start,
            To = general[^1].End,
            ResolutionMinutes = 30,
        }, cancellationToken: Cancel);

        Assert.Equal(general.Select(i => i.Start), chart.Points.Select(p => p.Start));
        Assert.Equal(general.Select(i => Math.Round(i.PerKwh.ToDecimal(), 6)), chart.Points.Select(p => p.MeanPerKwh.ToDecimal()));
        Assert.All(chart.Points, p => Assert.True(p.IncludesForecast));
    }

    [Fact]
    public async Task GetForecast_LeavesOutSettledPrices()
    {
        await FirstPricesAsync();

        var forecast = await _client.GetForecastAsync(new GetForecastRequest(), cancellationToken: Cancel);

        Assert.NotEmpty(forecast.Intervals);
        Assert.DoesNotContain(forecast.Intervals, i => i.Kind == IntervalKind.Actual);
        Assert.Contains(forecast.Intervals, i => i.Kind == IntervalKind.Current);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(0)]
    public async Task GetPriceHistory_BadResolutionOrRange_IsRejected(int resolution)
    {
        var from = Timestamp.FromDateTimeOffset(_time.GetUtcNow());
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.GetPriceHistoryAsync(new GetPriceHistoryRequest
        {
            Channel = PriceChannel.General,
            From = from,
            To = resolution == 0 ? from : Timestamp.FromDateTimeOffset(_time.GetUtcNow().AddDays(1)),
            ResolutionMinutes = resolution,
        }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task ListAndSelectAmberSites_OneActiveSite_IsSelectedAndAnUnknownOneIsRefused()
    {
        var listed = await _client.ListAmberSitesAsync(new ListAmberSitesRequest(), cancellationToken: Cancel);
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            _client.SelectAmberSiteAsync(new SelectAmberSiteRequest { AmberSiteId = "01NOTASITE" }, cancellationToken: Cancel).ResponseAsync);
        var chosen = await _client.SelectAmberSiteAsync(new SelectAmberSiteRequest { AmberSiteId = SimulatorServer.AmberSiteId }, cancellationToken: Cancel);

        Assert.Equal(SimulatorServer.AmberSiteId, listed.SelectedSiteId);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.True(Assert.Single(chosen.Sites).Selected);
    }

    [Fact]
    public async Task HistoryQueries_OverAYearOfFiveMinutePrices_AreCorrect()
    {
        // A year of 5-minute general and feed-in prices written straight into the database.
        var firstDay = new DateOnly(2025, 11, 1);
        const int days = 365;
        await using (var scope = _priceIngest.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PriceDbContext>();
            await InsertYearAsync(db, firstDay, days);
        }

        var weekStart = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.FromHours(10));
        var stopwatch = Stopwatch.StartNew();
        var week = await _client.GetPriceHistoryAsync(new GetPriceHistoryRequest
        {
            Channel = PriceChannel.General,
            From = Timestamp.FromDateTimeOffset(weekStart),
            To = Timestamp.FromDateTimeOffset(weekStart.AddDays(7)),
            ResolutionMinutes = 30,
        }, cancellationToken: Cancel);
        var weekTime = stopwatch.Elapsed;

        stopwatch.Restart();
        var maxima = await _client.GetDailyMaximaAsync(new GetDailyMaximaRequest { FromDate = "2025-11-01", ToDate = "2026-10-31" }, cancellationToken: Cancel);
        var yearTime = stopwatch.Elapsed;

        Assert.Equal(7 * 48, week.Points.Count);
        var firstBucket = week.Points[0];
        var expectedMean = Enumerable.Range(0, 6).Average(step => (double)PriceAt(weekStart.AddMinutes(5 * step)));
        Assert.Equal(Math.Round((decimal)expectedMean, 6), firstBucket.MeanPerKwh.ToDecimal());
        Assert.Equal(Enumerable.Range(0, 6).Max(step => PriceAt(weekStart.AddMinutes(5 * step))), firstBucket.MaxPerKwh.ToDecimal());
        Assert.Equal(days, maxima.Days.Count);
        var someDay = maxima.Days[100];
        var dayStart = new DateTimeOffset(DateOnly.ParseExact(someDay.NemDate, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(10));
        Assert.Equal(Enumerable.Range(0, 288).Max(step => PriceAt(dayStart.AddMinutes(5 * step))), someDay.GeneralMaxPerKwh.ToDecimal());
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"A year of 5-minute prices ({days * 288 * 2:N0} rows): 7-day 30-minute chart {weekTime.TotalMilliseconds:F0} ms, 365 daily maxima {yearTime.TotalMilliseconds:F0} ms.");
    }

    /// <summary>A deterministic price that varies through the day and the year, $/kWh.</summary>
    private static decimal PriceAt(DateTimeOffset start)
    {
        var minutes = (long)(start - DateTimeOffset.UnixEpoch).TotalMinutes;
        return Math.Round(0.20m + ((minutes / 5 % 97) * 0.003m) - ((minutes / 1440 % 11) * 0.01m), 6);
    }

    private static async Task InsertYearAsync(PriceDbContext db, DateOnly firstDay, int days)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(Cancel);
        await using var transaction = await connection.BeginTransactionAsync(Cancel);
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO price_history (SiteId, Channel, Start, DurationMinutes, Kind, PerKwhMicros, SpotPerKwhMicros, SpikeStatus, Descriptor, Renewables, ReceivedAt)
            VALUES ('home', $channel, $start, 5, 0, $price, 0, 0, 'neutral', 40, $start)
            """;
        var channel = insert.Parameters.Add("$channel", SqliteType.Integer);
        var start = insert.Parameters.Add("$start", SqliteType.Integer);
        var price = insert.Parameters.Add("$price", SqliteType.Integer);
        var first = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(10));
        for (var step = 0; step < days * 288; step++)
        {
            var at = first.AddMinutes(5 * step);
            foreach (var (channelValue, sign) in new[] { (0, 1m), (2, -1m) })
            {
                channel.Value = channelValue;
                start.Value = at.ToUnixTimeMilliseconds();
                price.Value = PriceHistoryRow.ToMicros(sign * PriceAt(at));
                await insert.ExecuteNonQueryAsync(Cancel);
            }
        }

        await transaction.CommitAsync(Cancel);
    }

    private Task<GetCurrentPricesResponse> FirstPricesAsync() =>
        Eventually.GetAsync(async () =>
        {
            try
            {
                return await _client.GetCurrentPricesAsync(new GetCurrentPricesRequest());
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
            {
                return null;
            }
        }, Patience, "the first prices");
}
