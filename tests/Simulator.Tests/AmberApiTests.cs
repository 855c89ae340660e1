using System.Net;
using System.Text.Json;

namespace TeslaSync.Simulator.Tests;

public sealed class AmberApiTests
{
    private const string Current = $"/amber/v1/sites/{SimulatorHost.SiteId}/prices/current";

    [Fact]
    public async Task Sites_ValidToken_OneActiveSiteWithGeneralAndFeedIn()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        var sites = await host.AmberJsonAsync("/amber/v1/sites");

        var site = Assert.Single(sites.EnumerateArray());
        Assert.Equal(["id", "nmi", "channels", "network", "status", "activeFrom", "intervalLength"], JsonShape.Keys(site));
        Assert.Equal(SimulatorHost.SiteId, site.GetProperty("id").GetString());
        Assert.Equal(26, site.GetProperty("id").GetString()!.Length);
        Assert.Equal("active", site.GetProperty("status").GetString());
        Assert.Equal(30, site.GetProperty("intervalLength").GetInt32());
        Assert.Equal(["general", "feedIn"], site.GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("type").GetString()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task PricesCurrent_MissingOrWrongToken_Returns401Unauthorized(string? token)
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var response = await host.AmberGetAsync(Current, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"message":"Unauthorized"}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(response.Headers.Contains("RateLimit-Limit"));
    }

    [Fact]
    public async Task PricesCurrent_UnknownSite_Returns404()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var response = await host.AmberGetAsync("/amber/v1/sites/01HZZZZZZZZZZZZZZZZZZZZZZZ/prices/current");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("?previous=2000&next=49", HttpStatusCode.UnprocessableEntity)]
    [InlineData("?previous=1024&next=1024", HttpStatusCode.OK)]
    [InlineData("?resolution=15", HttpStatusCode.BadRequest)]
    [InlineData("?next=-1", HttpStatusCode.BadRequest)]
    public async Task PricesCurrent_IntervalLimits_ValidatedLikeAmber(string query, HttpStatusCode expected)
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var response = await host.AmberGetAsync(Current + query);
        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("startDate=2026-11-01&endDate=2026-11-08", HttpStatusCode.UnprocessableEntity)]
    [InlineData("startDate=2026-11-01&endDate=2026-11-07", HttpStatusCode.OK)]
    [InlineData("startDate=2026-11-07&endDate=2026-11-01", HttpStatusCode.BadRequest)]
    [InlineData("startDate=yesterday", HttpStatusCode.BadRequest)]
    public async Task PricesHistory_DateSpan_SevenDaysAtMost(string query, HttpStatusCode expected)
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var response = await host.AmberGetAsync($"/amber/v1/sites/{SimulatorHost.SiteId}/prices?{query}");
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task PricesCurrent_Success_RateLimitHeadersCountDownWithinWindow()
    {
        // 13:02:00 NEM = 03:02:00 UTC; the 300 s windows are aligned to Unix time, so this one resets at 03:05:00.
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var first = await host.AmberGetAsync(Current);
        using var second = await host.AmberGetAsync(Current);

        Assert.Equal("50", Header(first, "RateLimit-Limit"));
        Assert.Equal("50;w=300", Header(first, "RateLimit-Policy"));
        Assert.Equal("49", Header(first, "RateLimit-Remaining"));
        Assert.Equal("48", Header(second, "RateLimit-Remaining"));
        Assert.Equal("180", Header(first, "RateLimit-Reset"));

        host.Time.Advance(TimeSpan.FromMinutes(3));
        using var nextWindow = await host.AmberGetAsync(Current);
        Assert.Equal("49", Header(nextWindow, "RateLimit-Remaining"));
    }

    [Fact]
    public async Task PricesCurrent_EnforcedLimitExceeded_Returns429()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike,
            "--Simulator:Amber:RateLimitPolicy=2;w=300", "--Simulator:Amber:EnforceRateLimit=true");
        using var one = await host.AmberGetAsync(Current);
        using var two = await host.AmberGetAsync(Current);
        using var three = await host.AmberGetAsync(Current);

        Assert.Equal(HttpStatusCode.OK, two.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, three.StatusCode);
        Assert.Equal("""{"message":"Too Many Requests"}""", await three.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Region_ConfiguredVic1_PricesFollowVic1Series()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike, "--Simulator:Amber:Region=VIC1");
        var items = await host.AmberJsonAsync($"{Current}?previous=3&resolution=5");
        var actual = items.EnumerateArray().First();
        var start = DateTimeOffset.Parse(actual.GetProperty("startTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture).AddSeconds(-1);
        Assert.Equal(ReplayedWeek.Spot(ReplayedWeek.Rrp("VIC1", start)), actual.GetProperty("spotPerKwh").GetDouble(), 0.0001);
    }

    [Fact]
    public async Task SimAmberRequests_AfterCalls_ListsServedResponsesInOrder()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var sites = await host.AmberGetAsync("/amber/v1/sites");
        using var prices = await host.AmberGetAsync(Current + "?next=2");
        using var denied = await host.AmberGetAsync(Current, token: null);
        var servedPrices = await prices.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        using var log = await host.Http.GetAsync("/sim/amber/requests", TestContext.Current.CancellationToken);
        var entries = (await host.GetJsonAsync(log)).EnumerateArray().ToList();

        Assert.Equal(3, entries.Count);
        Assert.Equal(["servedAt", "path", "query", "status", "body"], JsonShape.Keys(entries[0]));
        Assert.Equal("/amber/v1/sites", entries[0].GetProperty("path").GetString());
        Assert.Equal("?next=2", entries[1].GetProperty("query").GetString());
        Assert.Equal(JsonValueKind.Array, entries[1].GetProperty("body").ValueKind);
        Assert.Equal(servedPrices, entries[1].GetProperty("body").GetRawText());
        Assert.Equal(401, entries[2].GetProperty("status").GetInt32());
        Assert.Equal(SimulatorHost.MondayAfterSpike, entries[0].GetProperty("servedAt").GetDateTimeOffset());
    }

    private static string Header(HttpResponseMessage response, string name) => string.Join(",", response.Headers.GetValues(name));
}
