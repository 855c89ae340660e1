using System.Net;
using System.Text.Json.Nodes;
using TeslaSync.Domain.Prices;
using TeslaSync.Integrations.Amber;
using TeslaSync.Integrations.UnitTests.Support;

namespace TeslaSync.Integrations.UnitTests.Amber;

/// <summary>One bad interval costs one interval; errors become typed exceptions carrying Amber's message.</summary>
public sealed class AmberRobustnessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The first <paramref name="count"/> intervals of a real capture, as mutable JSON.</summary>
    private static JsonArray RealIntervals(int count)
    {
        var all = JsonNode.Parse(SharedFolder.ReadFixture("amber", "prices_history_sa_30min_2025-02-01_spike.json"))!.AsArray();
        return new JsonArray(all.Take(count).Select(n => n!.DeepClone()).ToArray());
    }

    private static JsonObject Mutated(JsonArray source, Action<JsonObject> mutate)
    {
        var copy = source[0]!.DeepClone().AsObject();
        mutate(copy);
        return copy;
    }

    [Fact]
    public async Task MalformedIntervals_AreRejectedOneByOne_WithReasons_AndGoodOnesKept()
    {
        var good = RealIntervals(3);
        var body = new JsonArray(
            good[0]!.DeepClone(),
            Mutated(good, o => o["perKwh"] = "not a number"),          // 1
            good[1]!.DeepClone(),
            Mutated(good, o => o.Remove("nemTime")),                   // 3
            Mutated(good, o => o["channelType"] = "battery"),          // 4
            Mutated(good, o => o["spikeStatus"] = "mega"),             // 5
            Mutated(good, o => o["type"] = "Usage"),                   // 6
            42,                                                        // 7
            Mutated(good, o => o["type"] = "CurrentInterval"),         // 8: no estimate
            Mutated(good, o => o["duration"] = 0),                     // 9
            Mutated(good, o => o["advancedPrice"] = new JsonObject { ["low"] = 1 }), // 10
            good[2]!.DeepClone());

        var result = await Clients.Amber(FakeHttpHandler.Returning(HttpStatusCode.OK, body.ToJsonString()))
            .GetCurrentPricesAsync("site", cancellationToken: Ct);

        Assert.Equal(3, result.Intervals.Count);
        Assert.Equal([1, 3, 4, 5, 6, 7, 8, 9, 10], result.Rejected.Select(r => r.Index));
        var reasons = result.Rejected.ToDictionary(r => r.Index, r => r.Reason);
        Assert.Contains("perKwh", reasons[1], StringComparison.Ordinal);
        Assert.Contains("nemTime", reasons[3], StringComparison.Ordinal);
        Assert.Contains("battery", reasons[4], StringComparison.Ordinal);
        Assert.Contains("mega", reasons[5], StringComparison.Ordinal);
        Assert.Contains("Usage", reasons[6], StringComparison.Ordinal);
        Assert.Contains("object", reasons[7], StringComparison.Ordinal);
        Assert.Contains("estimate", reasons[8], StringComparison.Ordinal);
        Assert.Contains("duration", reasons[9], StringComparison.Ordinal);
        Assert.Contains("advancedPrice", reasons[10], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownFields_AreIgnored_AndNewDescriptorValuesPassThrough()
    {
        var good = RealIntervals(1);
        var body = new JsonArray(Mutated(good, o =>
        {
            o["futureField"] = new JsonObject { ["nested"] = new JsonArray(1, 2, 3) };
            o["carbonIntensity"] = 123.4;
            o["descriptor"] = "ultraLow";
        }));

        var result = await Clients.Amber(FakeHttpHandler.Returning(HttpStatusCode.OK, body.ToJsonString()))
            .GetCurrentPricesAsync("site", cancellationToken: Ct);

        Assert.Empty(result.Rejected);
        Assert.Equal("ultraLow", Assert.Single(result.Intervals).Descriptor);
    }

    [Fact]
    public async Task Status401_IsUnauthorized_WithAmbersMessage()
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.Unauthorized, """{"message":"Unauthorized"}""");

        var error = await Assert.ThrowsAsync<AmberApiException>(() => Clients.Amber(handler).GetSitesAsync(Ct));

        Assert.Equal(AmberErrorKind.Unauthorized, error.Kind);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("Unauthorized", error.AmberMessage);
        Assert.False(error.IsTransient);
        Assert.DoesNotContain(Clients.AmberToken, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status429_IsRateLimited_WithRetryAfterFromRateLimitReset()
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.TooManyRequests, """{"message":"Too Many Requests"}""", r =>
        {
            r.Headers.Add("x-amzn-ErrorType", "TooManyRequestsException");
            r.Headers.Add("RateLimit-Reset", "120");
        });

        var error = await Assert.ThrowsAsync<AmberApiException>(() =>
            Clients.Amber(handler).GetCurrentPricesAsync("site", 1, 1, cancellationToken: Ct));

        Assert.Equal(AmberErrorKind.RateLimited, error.Kind);
        Assert.Equal("Too Many Requests", error.AmberMessage);
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Status429_PrefersRetryAfterHeader()
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.TooManyRequests, """{"message":"Too Many Requests"}""", r =>
        {
            r.Headers.Add("RateLimit-Reset", "120");
            r.Headers.Add("Retry-After", "30");
        });

        var error = await Assert.ThrowsAsync<AmberApiException>(() => Clients.Amber(handler).GetSitesAsync(Ct));

        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
    }

    [Fact]
    public async Task Status500_FromCapturedBody_IsServerError_WithMessage()
    {
        var body = File.ReadAllBytes(SharedFolder.Fixture("amber", "error_500_internal_server_error.json"));
        var handler = FakeHttpHandler.Returning(HttpStatusCode.InternalServerError, body);

        var error = await Assert.ThrowsAsync<AmberApiException>(() =>
            Clients.Amber(handler).GetCurrentPricesAsync("site", 48, 48, cancellationToken: Ct));

        Assert.Equal(AmberErrorKind.ServerError, error.Kind);
        Assert.Equal("Internal server error", error.AmberMessage);
        Assert.Contains("Internal server error", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, AmberErrorKind.Forbidden)]
    [InlineData(HttpStatusCode.NotFound, AmberErrorKind.NotFound)]
    [InlineData(HttpStatusCode.UnprocessableEntity, AmberErrorKind.RangeTooLarge)]
    [InlineData(HttpStatusCode.BadGateway, AmberErrorKind.ServerError)]
    public async Task OtherStatuses_MapToTheirKinds(HttpStatusCode status, AmberErrorKind kind)
    {
        var handler = FakeHttpHandler.Returning(status, """{"message":"nope"}""");

        var error = await Assert.ThrowsAsync<AmberApiException>(() =>
            Clients.Amber(handler).GetPricesAsync("site", new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 9), cancellationToken: Ct));

        Assert.Equal(kind, error.Kind);
        Assert.Equal("nope", error.AmberMessage);
    }

    [Fact]
    public async Task ErrorWithoutBody_StillMapsToKind()
    {
        var error = await Assert.ThrowsAsync<AmberApiException>(() =>
            Clients.Amber(FakeHttpHandler.Returning(HttpStatusCode.Unauthorized)).GetSitesAsync(Ct));

        Assert.Equal(AmberErrorKind.Unauthorized, error.Kind);
        Assert.Null(error.AmberMessage);
    }

    [Theory]
    [InlineData("""[{"type":"ActualInterval",""")]
    [InlineData("<html>gateway</html>")]
    [InlineData("""{"message":"not an array"}""")]
    [InlineData("")]
    public async Task MalformedBody_OnSuccess_IsMalformedResponse(string body)
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.OK, body);

        var error = await Assert.ThrowsAsync<AmberApiException>(() =>
            Clients.Amber(handler).GetCurrentPricesAsync("site", cancellationToken: Ct));

        Assert.Equal(AmberErrorKind.MalformedResponse, error.Kind);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sites_ParseSpecShape_ToleratingUnknownValues()
    {
        const string body = """
            [{"id":"01F5A5CRKMZ5BCX9P1S4V990AM","nmi":"3052282872","channels":[{"identifier":"E1","type":"general","tariff":"A100"},
              {"identifier":"B1","type":"feedIn","tariff":"A100"},{"identifier":"X9","type":"hotWater","tariff":"A1"}],
              "network":"Jemena","status":"active","activeFrom":"2022-01-01","intervalLength":30,"somethingNew":true},
             {"id":"01J00000000000000000000000","nmi":"2001000000","channels":[],"network":"SA Power Networks","status":"closed",
              "activeFrom":"2021-03-04","closedOn":"2024-05-06","intervalLength":5},
             {"id":"01J11111111111111111111111","nmi":"4102000000","channels":[],"network":"Ausgrid","status":"suspended"}]
            """;
        var handler = FakeHttpHandler.Returning(HttpStatusCode.OK, body);

        var sites = await Clients.Amber(handler).GetSitesAsync(Ct);

        Assert.Equal("https://api.amber.com.au/v1/sites", handler.SingleRequest.Uri.AbsoluteUri);
        Assert.Equal(3, sites.Count);
        var active = sites[0];
        Assert.Equal("01F5A5CRKMZ5BCX9P1S4V990AM", active.Id);
        Assert.Equal("3052282872", active.Nmi);
        Assert.Equal("Jemena", active.Network);
        Assert.Equal(AmberSiteStatus.Active, active.Status);
        Assert.Equal(new DateOnly(2022, 1, 1), active.ActiveFrom);
        Assert.Null(active.ClosedOn);
        Assert.Equal(30, active.IntervalLengthMinutes);
        Assert.Equal(
            [new AmberChannel("E1", PriceChannel.General, "A100"), new AmberChannel("B1", PriceChannel.FeedIn, "A100"), new AmberChannel("X9", null, "A1")],
            active.Channels);
        Assert.Equal(AmberSiteStatus.Closed, sites[1].Status);
        Assert.Equal(new DateOnly(2024, 5, 6), sites[1].ClosedOn);
        Assert.Equal(AmberSiteStatus.Unknown, sites[2].Status);
        Assert.Null(sites[2].IntervalLengthMinutes);
    }
}
