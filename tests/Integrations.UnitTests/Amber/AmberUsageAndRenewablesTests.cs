using System.Net;
using TeslaSync.Domain.Prices;
using TeslaSync.Integrations.Amber;
using TeslaSync.Integrations.UnitTests.Support;

namespace TeslaSync.Integrations.UnitTests.Amber;

/// <summary>
/// /usage and /state/{state}/renewables/current. No real capture of either exists; the bodies
/// follow Amber's OpenAPI shapes (CONTRACTS.md §1.6 and §1.7).
/// </summary>
public sealed class AmberUsageAndRenewablesTests
{
    private const string UsageBody = """
        [{"type":"Usage","duration":30,"date":"2025-04-09","startTime":"2025-04-09T08:00:01Z","endTime":"2025-04-09T08:30:00Z","nemTime":"2025-04-09T18:30:00+10:00","perKwh":35.2,"renewables":30.5,"spotPerKwh":12.1,"channelType":"general","channelIdentifier":"E1","spikeStatus":"none","descriptor":"neutral","kwh":1.25,"quality":"billable","cost":44.0},
         {"type":"Usage","duration":30,"date":"2025-04-09","startTime":"2025-04-09T02:00:01Z","endTime":"2025-04-09T02:30:00Z","nemTime":"2025-04-09T12:30:00+10:00","perKwh":-4.5,"renewables":80,"spotPerKwh":-4.1,"channelType":"feedIn","channelIdentifier":"B1","spikeStatus":"none","descriptor":"high","kwh":-2.0,"quality":"estimated","cost":9.0,"someNewField":true},
         {"type":"Usage","duration":30,"nemTime":"2025-04-09T13:00:00+10:00","channelIdentifier":"E1","kwh":"lots","cost":1,"perKwh":1}]
        """;

    [Fact]
    public async Task GetUsageAsync_UsageArray_ReadsEnergyAndCostInDollarsAndRejectsTheMalformedOne()
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.OK, System.Text.Encoding.UTF8.GetBytes(UsageBody));
        var amber = Clients.Amber(handler);

        var usage = await amber.GetUsageAsync("01SITE", new DateOnly(2025, 4, 9), new DateOnly(2025, 4, 9), TestContext.Current.CancellationToken);

        Assert.Equal(2, usage.Intervals.Count);
        var imported = usage.Intervals[0];
        Assert.Equal(new DateTimeOffset(2025, 4, 9, 8, 0, 0, TimeSpan.Zero), imported.Start);
        Assert.Equal(1.25m, imported.Kwh);
        Assert.Equal(0.44m, imported.Cost);
        Assert.Equal(0.352m, imported.PerKwh);
        Assert.Equal(PriceChannel.General, imported.Channel);
        var exported = usage.Intervals[1];
        Assert.Equal(-2.0m, exported.Kwh);
        Assert.Equal("B1", exported.ChannelIdentifier);
        Assert.Equal("estimated", exported.Quality);
        Assert.Equal(2, Assert.Single(usage.Rejected).Index);
        Assert.EndsWith("/sites/01SITE/usage?startDate=2025-04-09&endDate=2025-04-09", handler.SingleRequest.Uri.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetUsageAsync_MoreThanSevenDays_IsRefusedBeforeAnythingIsSent()
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.OK, "[]"u8.ToArray());
        var amber = Clients.Amber(handler);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            amber.GetUsageAsync("01SITE", new DateOnly(2025, 4, 1), new DateOnly(2025, 4, 8), TestContext.Current.CancellationToken));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task GetRenewablesAsync_StateRenewables_ReadsEachInterval()
    {
        const string body = """
            [{"type":"ActualRenewable","duration":30,"date":"2025-04-09","nemTime":"2025-04-09T12:00:00+10:00","startTime":"2025-04-09T01:30:01Z","endTime":"2025-04-09T02:00:00Z","renewables":71.2,"descriptor":"great"},
             {"type":"CurrentRenewable","duration":30,"date":"2025-04-09","nemTime":"2025-04-09T12:30:00+10:00","startTime":"2025-04-09T02:00:01Z","endTime":"2025-04-09T02:30:00Z","renewables":75.0,"descriptor":"best"},
             {"type":"ForecastRenewable","duration":30,"date":"2025-04-09","nemTime":"2025-04-09T13:00:00+10:00","renewables":"n/a","descriptor":"ok"}]
            """;
        var handler = FakeHttpHandler.Returning(HttpStatusCode.OK, System.Text.Encoding.UTF8.GetBytes(body));

        var renewables = await Clients.Amber(handler).GetRenewablesAsync(AmberState.Sa, previous: 1, next: 1, AmberResolution.ThirtyMinutes, TestContext.Current.CancellationToken);

        Assert.Equal([IntervalKind.Actual, IntervalKind.Current], renewables.Select(r => r.Kind));
        Assert.Equal(75.0, renewables[1].RenewablesPercent);
        Assert.Equal(new DateTimeOffset(2025, 4, 9, 2, 0, 0, TimeSpan.Zero), renewables[1].Start);
        Assert.EndsWith("/state/sa/renewables/current?previous=1&next=1&resolution=30", handler.SingleRequest.Uri.ToString(), StringComparison.Ordinal);
    }
}
