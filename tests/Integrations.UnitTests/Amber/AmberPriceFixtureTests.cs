using System.Net;
using TeslaSync.Domain.Prices;
using TeslaSync.Integrations.Amber;
using TeslaSync.Integrations.UnitTests.Support;

namespace TeslaSync.Integrations.UnitTests.Amber;

/// <summary>Every captured Amber price response parses into domain intervals with the documented units and times.</summary>
public sealed class AmberPriceFixtureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<AmberPriceResult> LoadAsync(string file)
    {
        var client = Clients.Amber(FakeHttpHandler.ReturningFixture("amber", file));
        return await client.GetCurrentPricesAsync("site", cancellationToken: Ct);
    }

    [Theory]
    [InlineData("prices_current_sa_30min_prev48_next48_estimate_true.json", 97, 30)]
    [InlineData("prices_current_sa_30min_prev48_next48_estimate_false.json", 97, 30)]
    [InlineData("prices_current_sa_5min_prev6_next6.json", 13, 5)]
    [InlineData("prices_history_sa_30min_2025-02-01_spike.json", 48, 30)]
    [InlineData("prices_history_sa_5min_2025-02-01_spike.json", 288, 5)]
    [InlineData("prices_history_sa_30min_2025-01-01_negative.json", 48, 30)]
    public async Task Fixture_ParsesEveryInterval_WithCountsPerChannelAndDurations(string file, int perChannel, int minutes)
    {
        var result = await LoadAsync(file);

        Assert.Empty(result.Rejected);
        Assert.Equal(3 * perChannel, result.Intervals.Count);
        foreach (var channel in Enum.GetValues<PriceChannel>())
        {
            var intervals = result.Intervals.Where(i => i.Channel == channel).ToList();
            Assert.Equal(perChannel, intervals.Count);
            // Chronological and gap-free within a channel: each start is the previous end.
            for (var i = 1; i < intervals.Count; i++)
            {
                Assert.Equal(intervals[i - 1].End, intervals[i].Start);
            }
        }

        Assert.All(result.Intervals, i =>
        {
            Assert.Equal(TimeSpan.FromMinutes(minutes), i.Duration);
            Assert.Equal(TimeSpan.Zero, i.Start.Offset);
            // On the boundary, not Amber's startTime (boundary + 1 s).
            Assert.Equal(0, i.Start.Second);
            Assert.Equal(0, i.Start.Minute % minutes);
        });
    }

    [Fact]
    public async Task SpikeDay_GeneralInterval_IsInDollarsPerKwh_StartingOnTheBoundary()
    {
        var result = await LoadAsync("prices_history_sa_30min_2025-02-01_spike.json");

        var spike = Assert.Single(result.Intervals, i =>
            i.Channel == PriceChannel.General && i.End == new DateTimeOffset(2025, 2, 1, 18, 30, 0, TimeSpan.FromHours(10)));
        Assert.Equal(19.6472278m, spike.PerKwh);
        Assert.Equal(17.4617245m, spike.SpotPerKwh);
        Assert.Equal(new DateTimeOffset(2025, 2, 1, 8, 0, 0, TimeSpan.Zero), spike.Start);
        Assert.Equal(TimeSpan.Zero, spike.Start.Offset);
        Assert.Equal(new DateTimeOffset(2025, 2, 1, 8, 30, 0, TimeSpan.Zero), spike.End);
        Assert.Equal(IntervalKind.Actual, spike.Kind);
        Assert.Equal(SpikeStatus.Spike, spike.SpikeStatus);
        Assert.Equal("spike", spike.Descriptor);
        Assert.Equal("peak", spike.TariffPeriod);
        Assert.Equal(42.85, spike.Renewables);
        Assert.False(spike.Estimate);
        Assert.Null(spike.AdvancedPrice);
    }

    [Fact]
    public async Task SpikeDay_FeedIn_KeepsAmbersCostSign_NegativeMeansPaid()
    {
        var result = await LoadAsync("prices_history_sa_30min_2025-02-01_spike.json");

        var feedIn = Assert.Single(result.Intervals, i =>
            i.Channel == PriceChannel.FeedIn && i.Start == new DateTimeOffset(2025, 2, 1, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(-17.6287141m, feedIn.PerKwh);
        Assert.Equal(17.4617245m, feedIn.SpotPerKwh);
        Assert.Null(feedIn.TariffPeriod); // Amber omits tariffInformation on feed-in.
        Assert.Equal(2, result.Intervals.Count(i => i.Channel == PriceChannel.General && i.SpikeStatus == SpikeStatus.Spike));
    }

    [Fact]
    public async Task SpikeDay_HistoryDay_RunsFromNemMidnightToNemMidnight()
    {
        var result = await LoadAsync("prices_history_sa_30min_2025-02-01_spike.json");

        var general = result.Intervals.Where(i => i.Channel == PriceChannel.General).ToList();
        Assert.Equal(new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.FromHours(10)), general[0].Start);
        Assert.Equal(new DateTimeOffset(2025, 2, 2, 0, 0, 0, TimeSpan.FromHours(10)), general[^1].End);
    }

    [Fact]
    public async Task SpikeDay_FiveMinute_HasTwentyFourSpikeIntervalsAndTheDaysMaximum()
    {
        var result = await LoadAsync("prices_history_sa_5min_2025-02-01_spike.json");

        Assert.Equal(24, result.Intervals.Count(i => i.SpikeStatus == SpikeStatus.Spike));
        Assert.Equal(21.5256321m, result.Intervals.Max(i => i.PerKwh));
    }

    [Fact]
    public async Task NegativeDay_GeneralGoesNegative_AndFeedInTurnsPositive()
    {
        var result = await LoadAsync("prices_history_sa_30min_2025-01-01_negative.json");

        var general = result.Intervals.Where(i => i.Channel == PriceChannel.General).ToList();
        Assert.Equal(11, general.Count(i => i.PerKwh < 0));
        Assert.Equal(-0.2870253m, general.Min(i => i.PerKwh));
        Assert.Contains(general, i => i.Descriptor == "extremelyLow");
        Assert.Equal(25, result.Intervals.Count(i => i.Channel == PriceChannel.FeedIn && i.PerKwh > 0));
    }

    [Fact]
    public async Task CurrentInterval_WhileEstimate_CarriesAdvancedPriceInDollars()
    {
        var result = await LoadAsync("prices_current_sa_30min_prev48_next48_estimate_true.json");

        var current = result.Intervals.Where(i => i.Kind == IntervalKind.Current).ToList();
        Assert.Equal(3, current.Count);
        Assert.All(current, i => Assert.True(i.Estimate));
        var general = current.Single(i => i.Channel == PriceChannel.General);
        Assert.Equal(new PriceBand(0.2331958m, 0.2345736m, 0.2359756m), general.AdvancedPrice);
        Assert.Equal(0.2362991m, general.PerKwh);
        Assert.Equal(new DateTimeOffset(2025, 4, 9, 17, 0, 0, TimeSpan.Zero), general.Start);

        var feedIn = current.Single(i => i.Channel == PriceChannel.FeedIn);
        Assert.Equal(-0.0947154m, feedIn.PerKwh);
        Assert.Equal(new PriceBand(-0.0918942m, -0.0931467m, -0.0944213m), feedIn.AdvancedPrice);

        Assert.All(result.Intervals.Where(i => i.Kind == IntervalKind.Forecast), i => Assert.NotNull(i.AdvancedPrice));
        Assert.All(result.Intervals.Where(i => i.Kind == IntervalKind.Actual), i => Assert.Null(i.AdvancedPrice));
    }

    [Fact]
    public async Task CurrentInterval_WhenLockedIn_HasNoEstimateAndNoAdvancedPrice()
    {
        var result = await LoadAsync("prices_current_sa_30min_prev48_next48_estimate_false.json");

        var current = result.Intervals.Where(i => i.Kind == IntervalKind.Current).ToList();
        Assert.Equal(3, current.Count);
        Assert.All(current, i =>
        {
            Assert.False(i.Estimate);
            Assert.Null(i.AdvancedPrice);
        });
        Assert.Equal(48 * 3, result.Intervals.Count(i => i.Kind == IntervalKind.Forecast));
    }

    [Fact]
    public async Task GetCurrentPrices_SendsBearerTokenAndDocumentedQuery()
    {
        var handler = FakeHttpHandler.ReturningFixture("amber", "prices_current_sa_5min_prev6_next6.json");

        await Clients.Amber(handler).GetCurrentPricesAsync("01F5A5CRKMZ5BCX9P1S4V990AM", previous: 6, next: 6,
            resolution: AmberResolution.FiveMinutes, cancellationToken: Ct);

        var request = handler.SingleRequest;
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal(
            "https://api.amber.com.au/v1/sites/01F5A5CRKMZ5BCX9P1S4V990AM/prices/current?previous=6&next=6&resolution=5",
            request.Uri.AbsoluteUri);
        Assert.Equal("Bearer", request.Authorization?.Scheme);
        Assert.Equal(Clients.AmberToken, request.Authorization?.Parameter);
    }

    [Fact]
    public async Task GetPrices_SendsIsoDatesAndOmitsResolutionWhenNotGiven()
    {
        var handler = FakeHttpHandler.ReturningFixture("amber", "prices_history_sa_30min_2025-02-01_spike.json");

        var result = await Clients.Amber(handler).GetPricesAsync("site1", new DateOnly(2025, 2, 1), new DateOnly(2025, 2, 1), cancellationToken: Ct);

        Assert.Equal("https://api.amber.com.au/v1/sites/site1/prices?startDate=2025-02-01&endDate=2025-02-01",
            handler.SingleRequest.Uri.AbsoluteUri);
        Assert.Equal(144, result.Intervals.Count);
    }

    [Fact]
    public async Task RateLimitHeaders_AreCaptured()
    {
        var handler = FakeHttpHandler.ReturningFixture("amber", "prices_current_sa_5min_prev6_next6.json", r =>
        {
            r.Headers.Add("RateLimit-Limit", "50");
            r.Headers.Add("RateLimit-Remaining", "47");
            r.Headers.Add("RateLimit-Reset", "212");
            r.Headers.Add("RateLimit-Policy", "50;w=300");
        });

        var result = await Clients.Amber(handler).GetCurrentPricesAsync("site", cancellationToken: Ct);

        Assert.Equal(new AmberRateLimit(50, 47, TimeSpan.FromSeconds(212), "50;w=300"), result.RateLimit);
    }

    [Fact]
    public async Task RateLimit_IsNull_WhenAmberSendsNoHeaders()
    {
        var result = await LoadAsync("prices_current_sa_5min_prev6_next6.json");

        Assert.Null(result.RateLimit);
    }

    [Fact]
    public async Task NoToken_FailsWithoutSending()
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.OK, "[]");

        var error = await Assert.ThrowsAsync<AmberApiException>(() =>
            Clients.Amber(handler, token: null).GetCurrentPricesAsync("site", cancellationToken: Ct));

        Assert.Equal(AmberErrorKind.NotConfigured, error.Kind);
        Assert.Empty(handler.Requests);
    }
}
