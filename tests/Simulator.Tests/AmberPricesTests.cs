using System.Globalization;
using System.Text.Json;
using static TeslaSync.Simulator.Tests.JsonShape;

namespace TeslaSync.Simulator.Tests;

public sealed class AmberPricesTests
{
    private const string Current = $"/amber/v1/sites/{SimulatorHost.SiteId}/prices/current";
    private static readonly TimeSpan Nem = TimeSpan.FromHours(10);

    [Fact]
    public async Task PricesCurrent_30MinMidInterval_KeyOrderMatchesEstimateTrueCapture()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        var ours = await host.AmberJsonAsync($"{Current}?previous=48&next=48&resolution=30");
        AssertSameKeysPerTypeAndChannel(ReadFixture("amber", "prices_current_sa_30min_prev48_next48_estimate_true.json"), ours);
    }

    [Fact]
    public async Task PricesCurrent_30MinLastFiveMinutes_KeyOrderMatchesEstimateFalseCapture()
    {
        await using var host = await SimulatorHost.StartAsync(new DateTimeOffset(2026, 11, 23, 13, 26, 50, Nem));
        var ours = await host.AmberJsonAsync($"{Current}?previous=48&next=48&resolution=30");
        AssertSameKeysPerTypeAndChannel(ReadFixture("amber", "prices_current_sa_30min_prev48_next48_estimate_false.json"), ours);
        Assert.All(ours.EnumerateArray().Where(IsCurrent), i => Assert.False(i.GetProperty("estimate").GetBoolean()));
    }

    [Fact]
    public async Task PricesCurrent_5Min_KeyOrderMatchesCapture()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        var ours = await host.AmberJsonAsync($"{Current}?previous=6&next=6&resolution=5");
        AssertSameKeysPerTypeAndChannel(ReadFixture("amber", "prices_current_sa_5min_prev6_next6.json"), ours);
    }

    [Theory]
    [InlineData(48, 48, 30)]
    [InlineData(6, 6, 5)]
    [InlineData(0, 0, 30)]
    [InlineData(12, 0, 5)]
    public async Task PricesCurrent_AnyWindow_PreviousPlusOnePlusNextPerChannelInOrder(int previous, int next, int resolution)
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        var items = (await host.AmberJsonAsync($"{Current}?previous={previous}&next={next}&resolution={resolution}")).EnumerateArray().ToList();

        var perChannel = previous + 1 + next;
        Assert.Equal(2 * perChannel, items.Count);
        var channels = items.Select(i => i.GetProperty("channelType").GetString()).ToList();
        Assert.Equal(Enumerable.Repeat("general", perChannel).Concat(Enumerable.Repeat("feedIn", perChannel)), channels);
        foreach (var block in new[] { items.Take(perChannel), items.Skip(perChannel) })
        {
            var types = block.Select(i => i.GetProperty("type").GetString()).ToList();
            Assert.Equal(
                Enumerable.Repeat("ActualInterval", previous).Append("CurrentInterval").Concat(Enumerable.Repeat("ForecastInterval", next)),
                types);
            Assert.All(block, i => Assert.Equal(resolution, i.GetProperty("duration").GetInt32()));
        }
    }

    [Fact]
    public async Task PricesCurrent_TimeFields_FollowAmberArithmetic()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        var items = (await host.AmberJsonAsync($"{Current}?previous=30&next=30&resolution=30")).EnumerateArray().ToList();

        // The current interval contains "now": 13:00–13:30 NEM = 03:00–03:30 UTC.
        var current = items.First(IsCurrent);
        Assert.Equal("2026-11-23T03:00:01Z", current.GetProperty("startTime").GetString());
        Assert.Equal("2026-11-23T03:30:00Z", current.GetProperty("endTime").GetString());
        Assert.Equal("2026-11-23T13:30:00+10:00", current.GetProperty("nemTime").GetString());
        Assert.Equal("2026-11-23", current.GetProperty("date").GetString());

        DateTimeOffset? previousEnd = null;
        foreach (var item in items.Take(61))
        {
            var start = Parse(item, "startTime");
            var end = Parse(item, "endTime");
            var nemTime = item.GetProperty("nemTime").GetString()!;
            Assert.Equal(1, start.Second);
            Assert.Equal(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1), end - start);
            Assert.EndsWith("Z", item.GetProperty("startTime").GetString()!, StringComparison.Ordinal);
            Assert.EndsWith("+10:00", nemTime, StringComparison.Ordinal);
            Assert.Equal(end, DateTimeOffset.Parse(nemTime, CultureInfo.InvariantCulture));
            // date = NEM date of the interval start (so the interval ending 00:00 belongs to the day before).
            Assert.Equal(start.AddSeconds(-1).ToOffset(Nem).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), item.GetProperty("date").GetString());
            if (previousEnd is { } pe)
            {
                Assert.Equal(pe, start.AddSeconds(-1));
            }

            previousEnd = end;
        }

        Assert.Contains(items, i => i.GetProperty("nemTime").GetString()!.EndsWith("T00:00:00+10:00", StringComparison.Ordinal)
                                    && i.GetProperty("date").GetString() == "2026-11-22");
    }

    [Fact]
    public async Task PricesCurrent_SameFiveMinutePeriod_IdenticalBody()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike); // 13:02:00
        var first = await BodyAsync(host, $"{Current}?previous=12&next=48&resolution=30");
        host.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(59)); // 13:04:59
        var second = await BodyAsync(host, $"{Current}?previous=12&next=48&resolution=30");
        Assert.Equal(first, second);

        await using var other = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike.AddSeconds(30));
        Assert.Equal(first, await BodyAsync(other, $"{Current}?previous=12&next=48&resolution=30"));
    }

    [Fact]
    public async Task PricesCurrent_ActualsAndForecasts_EqualReplayedAemoPricesConvertedAsDocumented()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        foreach (var resolution in new[] { 5, 30 })
        {
            var items = await host.AmberJsonAsync($"{Current}?previous=48&next=48&resolution={resolution}");
            foreach (var item in items.EnumerateArray().Where(i => !IsCurrent(i)))
            {
                var start = Parse(item, "startTime").AddSeconds(-1);
                var rrp = ReplayedWeek.MeanRrp("SA1", start, resolution);
                var channel = item.GetProperty("channelType").GetString();
                var expected = channel == "general" ? ReplayedWeek.General(rrp, start) : ReplayedWeek.FeedIn(rrp);

                Assert.Equal(ReplayedWeek.Spot(rrp), item.GetProperty("spotPerKwh").GetDouble(), 0.0001);
                Assert.Equal(expected, item.GetProperty("perKwh").GetDouble(), 0.0001);
                Assert.Equal(ReplayedWeek.MeanRenewables("SA1", start, resolution), item.GetProperty("renewables").GetDouble(), 0.001);
                if (channel == "general")
                {
                    Assert.Equal(ReplayedWeek.Period(start), item.GetProperty("tariffInformation").GetProperty("period").GetString());
                }

                var status = item.GetProperty("spikeStatus").GetString();
                if (rrp >= 1000)
                {
                    Assert.Equal("spike", status);
                    Assert.Equal("spike", item.GetProperty("descriptor").GetString());
                }
                else if (item.GetProperty("type").GetString() == "ActualInterval" || rrp < 300)
                {
                    Assert.Equal("none", status);
                }
                else
                {
                    Assert.Equal("potential", status);
                }
            }
        }
    }

    [Fact]
    public async Task PricesCurrent_AfterSa1MarketPriceCap_ShowsSpikeAtCapPrice()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        var fiveMinute = await host.AmberJsonAsync($"{Current}?previous=12&next=0&resolution=5");

        // The replayed SA1 dispatch interval 12:15–12:20 NEM cleared at the 15,100 $/MWh cap.
        var general = fiveMinute.EnumerateArray().Single(i =>
            i.GetProperty("nemTime").GetString() == "2026-11-23T12:20:00+10:00" && i.GetProperty("channelType").GetString() == "general");
        Assert.Equal(1661, general.GetProperty("spotPerKwh").GetDouble(), 0.0001);
        Assert.Equal(1661 + 9.2, general.GetProperty("perKwh").GetDouble(), 0.0001);
        Assert.Equal("spike", general.GetProperty("spikeStatus").GetString());

        var feedIn = fiveMinute.EnumerateArray().Single(i =>
            i.GetProperty("nemTime").GetString() == "2026-11-23T12:20:00+10:00" && i.GetProperty("channelType").GetString() == "feedIn");
        Assert.Equal(-1661 * 1.01, feedIn.GetProperty("perKwh").GetDouble(), 0.0001);
        Assert.Equal("spike", feedIn.GetProperty("descriptor").GetString());
        Assert.False(feedIn.TryGetProperty("tariffInformation", out _));
    }

    [Fact]
    public async Task PricesCurrent_ForecastBands_GeneralAscendingFeedInLowIsLessNegative()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        var items = await host.AmberJsonAsync($"{Current}?previous=0&next=48&resolution=30");
        foreach (var item in items.EnumerateArray())
        {
            var band = item.GetProperty("advancedPrice");
            double low = band.GetProperty("low").GetDouble(), predicted = band.GetProperty("predicted").GetDouble(), high = band.GetProperty("high").GetDouble();
            var perKwh = item.GetProperty("perKwh").GetDouble();
            if (item.GetProperty("channelType").GetString() == "general")
            {
                Assert.True(low < predicted && predicted < high, $"general band {low} {predicted} {high}");
            }
            else
            {
                Assert.True(low > predicted && predicted > high, $"feedIn band {low} {predicted} {high}");
            }

            // predicted is within the documented ±5 % of the replayed price.
            Assert.InRange(Math.Abs(predicted - perKwh), 0, (0.05 * Math.Abs(perKwh)) + 0.0001);
        }

        Assert.True(items.EnumerateArray().Where(IsCurrent).All(i => i.GetProperty("estimate").GetBoolean()));
    }

    [Fact]
    public async Task PricesHistory_PastDay_AllActualIntervalsPerChannel()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        var items = (await host.AmberJsonAsync($"/amber/v1/sites/{SimulatorHost.SiteId}/prices?startDate=2026-11-20&endDate=2026-11-20&resolution=30"))
            .EnumerateArray().ToList();

        Assert.Equal(96, items.Count);
        Assert.All(items, i => Assert.Equal("ActualInterval", i.GetProperty("type").GetString()));
        Assert.All(items, i => Assert.Equal("2026-11-20", i.GetProperty("date").GetString()));
        Assert.Equal("2026-11-20T00:30:00+10:00", items[0].GetProperty("nemTime").GetString());
        Assert.Equal("2026-11-21T00:00:00+10:00", items[47].GetProperty("nemTime").GetString());
        Assert.Equal("feedIn", items[48].GetProperty("channelType").GetString());

        var fiveMinute = await host.AmberJsonAsync($"/amber/v1/sites/{SimulatorHost.SiteId}/prices?startDate=2026-11-20&endDate=2026-11-20&resolution=5");
        Assert.Equal(2 * 288, fiveMinute.GetArrayLength());
    }

    [Fact]
    public async Task PricesHistory_NegativeRrp_FeedInBecomesPositive()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        // Whole replayed week: find SA1's negative dispatch prices and check the feed-in sign flips.
        var week = await host.AmberJsonAsync($"/amber/v1/sites/{SimulatorHost.SiteId}/prices?startDate=2026-11-16&endDate=2026-11-22&resolution=5");
        var feedIns = week.EnumerateArray().Where(i => i.GetProperty("channelType").GetString() == "feedIn").ToList();
        var negative = feedIns.Where(i => i.GetProperty("spotPerKwh").GetDouble() < 0).ToList();

        Assert.NotEmpty(negative);
        Assert.All(negative, i => Assert.True(i.GetProperty("perKwh").GetDouble() > 0));
        Assert.All(negative, i => Assert.Equal("extremelyLow", i.GetProperty("descriptor").GetString()));
        Assert.Equal(-93.61 / 10 * 1.1, negative.Min(i => i.GetProperty("spotPerKwh").GetDouble()), 0.0001);
    }

    [Fact]
    public async Task PricesHistory_DefaultDates_TodayInNemTime()
    {
        // 23:50 UTC Sunday is already Monday in NEM time.
        await using var host = await SimulatorHost.StartAsync(new DateTimeOffset(2026, 11, 22, 23, 50, 0, TimeSpan.Zero));
        var items = await host.AmberJsonAsync($"/amber/v1/sites/{SimulatorHost.SiteId}/prices");
        Assert.Equal(96, items.GetArrayLength()); // default resolution = the site's 30-minute billing interval
        Assert.All(items.EnumerateArray(), i => Assert.Equal("2026-11-23", i.GetProperty("date").GetString()));
    }

    private static async Task<string> BodyAsync(SimulatorHost host, string path)
    {
        using var response = await host.AmberGetAsync(path);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    private static bool IsCurrent(JsonElement interval) => interval.GetProperty("type").GetString() == "CurrentInterval";

    private static DateTimeOffset Parse(JsonElement item, string property) =>
        DateTimeOffset.Parse(item.GetProperty(property).GetString()!, CultureInfo.InvariantCulture);

    /// <summary>For every (type, channel) both responses have, every element's keys equal the capture's, in order.</summary>
    private static void AssertSameKeysPerTypeAndChannel(JsonElement capture, JsonElement ours)
    {
        static Dictionary<(string?, string?), List<string[]>> Group(JsonElement array) => array.EnumerateArray()
            .GroupBy(i => (i.GetProperty("type").GetString(), i.GetProperty("channelType").GetString()))
            .ToDictionary(g => g.Key, g => g.Select(Keys).ToList());

        var expected = Group(capture);
        var actual = Group(ours);
        Assert.Equal(
            expected.Keys.Where(k => k.Item2 != "controlledLoad").OrderBy(k => k).ToList(),
            actual.Keys.OrderBy(k => k).ToList());
        foreach (var (key, ourKeyLists) in actual)
        {
            var captured = expected[key].Distinct(StringArrayComparer.Instance).Single();
            Assert.All(ourKeyLists, keys => Assert.Equal(captured, keys));
        }

        // Same JSON types, field by field, for the shared keys.
        foreach (var (key, _) in actual)
        {
            var capturedItem = capture.EnumerateArray().First(i => (i.GetProperty("type").GetString(), i.GetProperty("channelType").GetString()) == key);
            var ourItem = ours.EnumerateArray().First(i => (i.GetProperty("type").GetString(), i.GetProperty("channelType").GetString()) == key);
            foreach (var property in capturedItem.EnumerateObject())
            {
                var ourKind = ourItem.GetProperty(property.Name).ValueKind;
                var capturedKind = property.Value.ValueKind;
                Assert.True(capturedKind == ourKind || (IsBool(capturedKind) && IsBool(ourKind)), $"{key} {property.Name}: {capturedKind} vs {ourKind}");
            }
        }

        static bool IsBool(JsonValueKind kind) => kind is JsonValueKind.True or JsonValueKind.False;
    }

    private sealed class StringArrayComparer : IEqualityComparer<string[]>
    {
        public static readonly StringArrayComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x!.SequenceEqual(y!);

        public int GetHashCode(string[] obj) => string.Join(',', obj).GetHashCode(StringComparison.Ordinal);
    }
}
