using TeslaSync.Contracts.Events;
using TeslaSync.Domain.Prices;
using TeslaSync.ServiceTesting;

namespace TeslaSync.PriceIngest.FunctionalTests;

/// <summary>
/// A site Amber bills every 5 minutes, read over REST only (the WebSocket is not open to most
/// accounts): each poll must carry the 5-minute price paid now, not only the half hour's estimate.
/// </summary>
public sealed class FiveMinuteSiteTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private PriceIngestHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await PriceIngestHost.StartSimulatorAsync("--Simulator:Amber:IntervalLength=5");

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Poll_FiveMinuteBillingSite_PublishesTheFiveMinuteCurrentPriceBesideTheHalfHour()
    {
        _host.StartPriceIngest();

        var published = await _host.EventAsync(1);

        var served = (await _host.Simulator.AmberRequestsAsync(Ct)).Where(r => r.Path.EndsWith("/prices/current", StringComparison.Ordinal)).ToList();
        Assert.Contains(served, r => r.Query.Contains("resolution=5", StringComparison.Ordinal));
        var currentFeedIn = published.Event.Intervals.Where(i => i is { Channel: PriceChannel.FeedIn, Kind: IntervalKind.Current }).OrderBy(i => i.Duration).ToList();
        Assert.Equal([TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30)], currentFeedIn.Select(i => i.Duration));
        var fiveMinute = currentFeedIn[0];
        Assert.True(fiveMinute.Start <= PriceIngestHost.Start && PriceIngestHost.Start < fiveMinute.End, $"{fiveMinute.Start:O} does not hold now");

        // The same 5-minute price a push would bring: what Amber serves for this interval at 5-minute resolution.
        var fiveMinuteBody = (await _host.Simulator.AmberResponsesAsync(Ct)).Last(r => r.Query.Contains("resolution=5", StringComparison.Ordinal)).Body!;
        var servedFeedIn = fiveMinuteBody.Single(i => (string)i!["channelType"]! == "feedIn" && (string)i["type"]! == "CurrentInterval")!;
        Assert.Equal((decimal)servedFeedIn["perKwh"]! / 100m, fiveMinute.PerKwh);
    }

    [Fact]
    public async Task Poll_HalfHourBillingSite_AsksAmberOnlyForTheHalfHourlyPrices()
    {
        await using var host = await PriceIngestHost.StartSimulatorAsync();
        host.StartPriceIngest();

        var published = await host.EventAsync(1);

        Assert.DoesNotContain(await host.Simulator.AmberRequestsAsync(Ct), r => r.Query.Contains("resolution=5", StringComparison.Ordinal));
        Assert.Single(published.Event.Intervals, i => i is { Channel: PriceChannel.FeedIn, Kind: IntervalKind.Current });
    }
}
