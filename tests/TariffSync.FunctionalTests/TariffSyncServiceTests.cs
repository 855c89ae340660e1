using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Contracts.Events;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Domain.Prices;
using TeslaSync.EventBus;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;

namespace TeslaSync.TariffSync.FunctionalTests;

public sealed class TariffSyncServiceTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private RedisServer _redis = null!;
    private SimulatorServer _simulator = null!;
    private ServiceFactory<ServiceAssembly> _tariffSync = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _simulator = await SimulatorServer.StartAsync();
        var settings = new Dictionary<string, string>(_simulator.ServiceSettings)
        {
            ["ConnectionStrings:redis"] = _redis.ConnectionString,
            // Nothing listens here: "sync now" must report that PriceIngest is unreachable.
            ["services:priceingest:http:0"] = $"http://127.0.0.1:{FreePort.Next()}",
        };
        _tariffSync = new ServiceFactory<ServiceAssembly>(settings);
        _ = _tariffSync.Server; // start the host, and with it the event subscription
    }

    public async ValueTask DisposeAsync()
    {
        await _tariffSync.DisposeAsync();
        await _simulator.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task PricesUpdated_NewPrices_UploadsATariffWithThoseRatesAndReportsSuccess()
    {
        var now = DateTimeOffset.UtcNow;
        var prices = HalfHourPrices(now, buy: i => 0.20m + (i * 0.01m), feedIn: i => -(0.05m + (i * 0.001m)));

        await PublishAsync(prices);

        var upload = (await Eventually.GetAsync(async () => (await _simulator.TariffUploadsAsync(TestContext.Current.CancellationToken)).FirstOrDefault(), Patience, "a tariff upload"));
        var rates = upload.TariffContentV2["energy_charges"]!["Summer"]!["rates"]!.AsObject();
        var sellRates = upload.TariffContentV2["sell_tariff"]!["energy_charges"]!["Summer"]!["rates"]!.AsObject();
        var adelaide = TimeZoneInfo.FindSystemTimeZoneById("Australia/Adelaide"); // the simulated Powerwall's zone
        foreach (var general in prices.Where(p => p.Channel == PriceChannel.General).Take(48))
        {
            var local = TimeZoneInfo.ConvertTime(general.Start, adelaide);
            var period = $"PERIOD_{local.Hour:00}_{(local.Minute < 30 ? 0 : 30):00}";
            var feedIn = prices.Single(p => p.Channel == PriceChannel.FeedIn && p.Start == general.Start);
            Assert.Equal(Math.Round(general.PerKwh, 4), (decimal)rates[period]!);
            Assert.Equal(Math.Round(-feedIn.PerKwh, 4), (decimal)sellRates[period]!);
        }

        var last = await LastSyncAsync(o => o.Status == SyncStatus.Succeeded);
        Assert.True(last.ReadBackMatched);
        Assert.Empty(last.Reason);
    }

    [Fact]
    public async Task PricesUpdated_SamePricesAgain_SkipsTheUploadAndSaysWhy()
    {
        var prices = HalfHourPrices(DateTimeOffset.UtcNow, buy: _ => 0.25m, feedIn: _ => -0.06m);
        await PublishAsync(prices);
        await LastSyncAsync(o => o.Status == SyncStatus.Succeeded);

        await PublishAsync(prices);

        var skipped = await LastSyncAsync(o => o.Status == SyncStatus.Skipped);
        Assert.Contains("already uploaded", skipped.Reason, StringComparison.Ordinal);
        Assert.Single(await _simulator.TariffUploadsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PricesUpdated_FeedInMissing_UploadsNothingAndRecordsTheRefusal()
    {
        var prices = HalfHourPrices(DateTimeOffset.UtcNow, buy: _ => 0.25m, feedIn: _ => -0.06m)
            .Where(p => p.Channel == PriceChannel.General).ToList();

        await PublishAsync(prices);

        var skipped = await LastSyncAsync(o => o.Status == SyncStatus.Skipped);
        Assert.Contains("missing", skipped.Reason, StringComparison.Ordinal);
        Assert.Empty(await _simulator.TariffUploadsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SyncNow_PriceIngestUnreachable_ReturnsFailedWithTheReason()
    {
        var client = new Contracts.TariffSync.V1.TariffSync.TariffSyncClient(_tariffSync.CreateGrpcChannel());

        var outcome = await client.SyncNowAsync(new SyncNowRequest(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(SyncStatus.Failed, outcome.Status);
        Assert.Contains("PriceIngest", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCurrentTariff_NothingUploaded_ReturnsNotFound()
    {
        var client = new Contracts.TariffSync.V1.TariffSync.TariffSyncClient(_tariffSync.CreateGrpcChannel());

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetCurrentTariffAsync(new GetCurrentTariffRequest(), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task GetLastSync_UnknownSite_ReturnsNotFound()
    {
        var client = new Contracts.TariffSync.V1.TariffSync.TariffSyncClient(_tariffSync.CreateGrpcChannel());

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetLastSyncAsync(new GetLastSyncRequest { SiteId = "someone-else" }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    /// <summary>49 half-hours of general and feed-in prices from the half-hour containing <paramref name="now"/>.</summary>
    private static List<PriceInterval> HalfHourPrices(DateTimeOffset now, Func<int, decimal> buy, Func<int, decimal> feedIn)
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

    private async Task PublishAsync(IReadOnlyList<PriceInterval> prices)
    {
        // Publish from the service's own bus connection, as PriceIngest would publish from its own.
        var bus = _tariffSync.Services.GetRequiredService<IEventBus>();
        await WaitForSubscriptionAsync();
        await bus.PublishAsync(
            new PricesUpdated { SiteId = "home", OccurredAt = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow, ContentHash = "test", Intervals = prices },
            TestContext.Current.CancellationToken);
    }

    private async Task WaitForSubscriptionAsync()
    {
        var redis = _tariffSync.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>();
        await Eventually.GetAsync<object>(async () =>
        {
            var result = await redis.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", EventName.ChannelOf(nameof(PricesUpdated)));
            return (long)result[1] > 0 ? new object() : null;
        }, Patience, "TariffSync's subscription");
    }

    private async Task<Contracts.TariffSync.V1.SyncOutcome> LastSyncAsync(Func<Contracts.TariffSync.V1.SyncOutcome, bool> matches)
    {
        var client = new Contracts.TariffSync.V1.TariffSync.TariffSyncClient(_tariffSync.CreateGrpcChannel());
        return await Eventually.GetAsync(async () =>
        {
            var last = (await client.GetLastSyncAsync(new GetLastSyncRequest())).Last;
            return last is not null && matches(last) ? last : null;
        }, Patience, "the expected sync outcome");
    }
}
