using Grpc.Core;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Domain.Prices;
using TeslaSync.ServiceTesting;

namespace TeslaSync.TariffSync.FunctionalTests;

public sealed class TariffSyncServiceTests : IAsyncLifetime
{
    private TariffSyncHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await TariffSyncHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task PricesUpdated_NewPrices_UploadsATariffWithThoseRatesAndReportsSuccess()
    {
        var prices = TariffSyncHost.HalfHourPrices(DateTimeOffset.UtcNow, buy: i => 0.20m + (i * 0.01m), feedIn: i => -(0.05m + (i * 0.001m)));

        await _host.PublishAsync(prices);

        var upload = await Eventually.GetAsync(
            async () => (await _host.Simulator.TariffUploadsAsync(TestContext.Current.CancellationToken)).FirstOrDefault(),
            TariffSyncHost.Patience, "a tariff upload");
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

        var last = await _host.LastSyncAsync(o => o.Status == SyncStatus.Succeeded);
        Assert.True(last.ReadBackMatched);
        Assert.Empty(last.Reason);
        Assert.Equal("price-sync", last.Action);
    }

    [Fact]
    public async Task PricesUpdated_SamePricesAgain_SkipsTheUploadAndSaysWhy()
    {
        var prices = TariffSyncHost.HalfHourPrices(DateTimeOffset.UtcNow, buy: _ => 0.25m, feedIn: _ => -0.06m);
        await _host.PublishAsync(prices);
        await _host.LastSyncAsync(o => o.Status == SyncStatus.Succeeded);

        await _host.PublishAsync(prices);

        var skipped = await _host.LastSyncAsync(o => o.Status == SyncStatus.Skipped);
        Assert.Contains("already uploaded", skipped.Reason, StringComparison.Ordinal);
        Assert.Single(await _host.Simulator.TariffUploadsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PricesUpdated_FeedInMissing_UploadsNothingAndRecordsTheRefusal()
    {
        var prices = TariffSyncHost.HalfHourPrices(DateTimeOffset.UtcNow, buy: _ => 0.25m, feedIn: _ => -0.06m)
            .Where(p => p.Channel == PriceChannel.General).ToList();

        await _host.PublishAsync(prices);

        var skipped = await _host.LastSyncAsync(o => o.Status == SyncStatus.Skipped);
        Assert.Contains("feed-in", skipped.Reason, StringComparison.Ordinal);
        Assert.Empty(await _host.Simulator.TariffUploadsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SyncNow_PriceIngestUnreachable_ReturnsFailedWithTheReason()
    {
        var outcome = await _host.Client.SyncNowAsync(new SyncNowRequest(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(SyncStatus.Failed, outcome.Status);
        Assert.Contains("PriceIngest", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCurrentTariff_NothingUploaded_ReturnsNotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Client.GetCurrentTariffAsync(new GetCurrentTariffRequest(), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task GetLastSync_UnknownSite_ReturnsNotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Client.GetLastSyncAsync(new GetLastSyncRequest { SiteId = "someone-else" }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }
}
