using System.Text.Json.Nodes;
using TeslaSync.Domain.Prices;
using TeslaSync.Integrations.Amber;

namespace TeslaSync.Integrations.UnitTests.Amber;

/// <summary>Amber WebSocket frames (CONTRACTS §1.8) as pure functions; the socket loop is tested elsewhere.</summary>
public sealed class AmberSocketProtocolTests
{
    [Fact]
    public void SubscribeRequest_HasTheDocumentedShape()
    {
        Assert.Equal(
            """{"service":"live-prices","action":"subscribe","data":{"siteId":"01F5A5CRKMZ5BCX9P1S4V990AM"}}""",
            AmberSocketProtocol.CreateSubscribeRequest("01F5A5CRKMZ5BCX9P1S4V990AM"));
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(403, false)]
    public void SubscribeAck_ReportsSuccessFromStatus(int status, bool succeeded)
    {
        var message = AmberSocketProtocol.Parse($$"""{"service":"live-prices","action":"subscribe","status":{{status}}}""");

        var ack = Assert.IsType<AmberSubscribeAck>(message);
        Assert.Equal(status, ack.Status);
        Assert.Equal(succeeded, ack.Succeeded);
    }

    [Fact]
    public void PriceUpdate_ParsesCurrentIntervalsIntoDomainIntervals()
    {
        // The pushed elements are REST CurrentIntervals: reuse the three from a real capture.
        var captured = JsonNode.Parse(SharedFolder.ReadFixture("amber", "prices_current_sa_30min_prev48_next48_estimate_true.json"))!.AsArray();
        var current = new JsonArray(captured.Where(n => (string?)n!["type"] == "CurrentInterval").Select(n => n!.DeepClone()).ToArray());
        var frame = new JsonObject
        {
            ["service"] = "live-prices",
            ["action"] = "price-update",
            ["timestamp"] = "2025-04-09T17:05:12.345Z",
            ["data"] = new JsonObject { ["siteId"] = "site-1", ["prices"] = current },
        }.ToJsonString();

        var update = Assert.IsType<AmberPriceUpdate>(AmberSocketProtocol.Parse(System.Text.Encoding.UTF8.GetBytes(frame)));

        Assert.Equal("site-1", update.SiteId);
        Assert.Equal(new DateTimeOffset(2025, 4, 9, 17, 5, 12, 345, TimeSpan.Zero), update.Timestamp);
        Assert.Null(update.Prices.RateLimit);
        Assert.Empty(update.Prices.Rejected);
        Assert.Equal(3, update.Prices.Intervals.Count);
        Assert.All(update.Prices.Intervals, i =>
        {
            Assert.Equal(IntervalKind.Current, i.Kind);
            Assert.Equal(new DateTimeOffset(2025, 4, 9, 17, 0, 0, TimeSpan.Zero), i.Start);
            Assert.True(i.Estimate);
        });
        Assert.Equal(0.2362991m, update.Prices.Intervals.Single(i => i.Channel == PriceChannel.General).PerKwh);
    }

    [Fact]
    public void PriceUpdate_WithABadInterval_RejectsOnlyThatOne()
    {
        const string frame = """
            {"service":"live-prices","action":"price-update","data":{"siteId":"s","prices":[
              {"type":"CurrentInterval","duration":5,"nemTime":"2025-04-10T03:25:00+10:00","perKwh":23.2,"spotPerKwh":9.0,"renewables":84.8,
               "channelType":"general","spikeStatus":"none","descriptor":"veryLow","estimate":false},
              {"type":"CurrentInterval","duration":5,"nemTime":"2025-04-10T03:25:00+10:00","perKwh":-9.1,"spotPerKwh":9.0,"renewables":84.8,
               "channelType":"solarExport","spikeStatus":"none","descriptor":"high","estimate":false}]}}
            """;

        var update = Assert.IsType<AmberPriceUpdate>(AmberSocketProtocol.Parse(frame));

        Assert.Null(update.Timestamp);
        Assert.Single(update.Prices.Intervals);
        Assert.Equal(1, Assert.Single(update.Prices.Rejected).Index);
    }

    [Theory]
    [InlineData("""{"service":"live-prices","action":"heartbeat"}""", "live-prices", "heartbeat")]
    [InlineData("""{"service":"usage","action":"update","data":{}}""", "usage", "update")]
    public void OtherMessages_AreRecognisedAsIgnorable(string frame, string service, string action)
    {
        Assert.Equal(new AmberUnrecognisedMessage(service, action), AmberSocketProtocol.Parse(frame));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"service":"live-prices","action":"price-update","data":{"siteId":"s"}}""")]
    public void MalformedFrames_ThrowTheAmberException(string frame)
    {
        var error = Assert.Throws<AmberApiException>(() => AmberSocketProtocol.Parse(frame));

        Assert.Equal(AmberErrorKind.MalformedResponse, error.Kind);
    }
}
