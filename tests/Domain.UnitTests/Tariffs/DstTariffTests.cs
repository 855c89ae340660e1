using System.Globalization;
using TeslaSync.Domain.Tariffs;

namespace TeslaSync.Domain.UnitTests.Tariffs;

/// <summary>
/// SPEC §2 rule 9 on both 2025 transition days (autumn 2025-04-06, spring 2025-10-05) in Sydney
/// and Adelaide, and the same dates in Brisbane and Perth (no DST), at "now" times around local
/// midnight, around half-hour boundaries, and around the transition itself.
/// </summary>
public sealed class DstTariffTests
{
    private static readonly string[] Zones = ["Australia/Sydney", "Australia/Adelaide", "Australia/Brisbane", "Australia/Perth"];

    /// <summary>Local wall-clock "now" values; "#2" picks the second occurrence of a repeated autumn time.</summary>
    private static readonly string[] AutumnNows =
    [
        "2025-04-05T12:10:00", "2025-04-05T23:55:00", "2025-04-05T23:59:59", "2025-04-06T00:00:00", "2025-04-06T00:05:00",
        "2025-04-06T01:29:59", "2025-04-06T01:30:00", "2025-04-06T02:10:00", "2025-04-06T02:10:00#2", "2025-04-06T02:59:59#2",
        "2025-04-06T03:00:00", "2025-04-06T13:59:59", "2025-04-06T14:00:00", "2025-04-06T23:55:00", "2025-04-07T00:05:00",
    ];

    private static readonly string[] SpringNows =
    [
        "2025-10-04T12:10:00", "2025-10-04T23:55:00", "2025-10-04T23:59:59", "2025-10-05T00:00:00", "2025-10-05T00:05:00",
        "2025-10-05T01:29:59", "2025-10-05T01:30:00", "2025-10-05T01:59:59", "2025-10-05T03:00:00", "2025-10-05T03:29:59",
        "2025-10-05T03:30:00", "2025-10-05T13:59:59", "2025-10-05T14:00:00", "2025-10-05T23:55:00", "2025-10-06T00:05:00",
    ];

    public static TheoryData<string, string, int> Cases()
    {
        var cases = new TheoryData<string, string, int>();
        foreach (var zone in Zones)
        {
            foreach (var now in AutumnNows.Concat(SpringNows))
            {
                foreach (var minutes in new[] { 5, 30 })
                {
                    cases.Add(zone, now, minutes);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Build_AroundATransitionDay_EverySlotOnceAndEveryPriceFromTheRightRealInterval(string zoneId, string localNow, int minutes)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var now = ToUtc(zone, localNow);
        var from = FloorToHalfHour(now).AddHours(-3);
        var raw = SyntheticAmber.Intervals(from, from.AddHours(30), minutes);

        var result = new AmberTariffBuilder(new TariffBuildOptions()).Build(AmberCapture.ToDomain(raw), zone, now);

        Assert.True(result.Succeeded, result.Refusal);
        var tariff = result.Tariff!;
        var nowLocal = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var today = DateOnly.FromDateTime(nowLocal);
        var currentSlot = (nowLocal.Hour * 2) + (nowLocal.Minute / 30);

        // Every slot exactly once, in order; the window walks the wall clock from the current slot.
        Assert.Equal(Enumerable.Range(0, 48), tariff.Rates.Select(r => r.Slot.Index));
        Assert.Equal(48, result.Slots.Select(s => s.HalfHour).Distinct().Count());
        for (var position = 0; position < 48; position++)
        {
            var slot = result.Slots[position];
            Assert.Equal((currentSlot + position) % 48, slot.Slot.Index);
            // Slots earlier in the day than now carry tomorrow's prices; the current one and later, today's.
            Assert.Equal(slot.Slot.Index < currentSlot ? today.AddDays(1) : today, slot.HalfHour.Date);
        }

        // Every period against the independent calculation (which knows nothing of the builder).
        var expected = ExpectedTariff.From(raw, zone, now);
        for (var position = 0; position < 48; position++)
        {
            Assert.Equal(expected.Positions[position].Buy, result.Slots[position].Tesla.BuyPerKwh);
            Assert.Equal(expected.Positions[position].Sell, result.Slots[position].Tesla.SellPerKwh);
        }

        // The current slot takes the price of the real half-hour that contains now (both real
        // half-hours when now's local half-hour happens twice).
        var occurrences = RealStartsOf(zone, today, currentSlot);
        Assert.Contains(FloorToHalfHour(now), occurrences);
        Assert.Equal(Round(MeanGeneral(occurrences, minutes)), result.Slots[0].Tesla.BuyPerKwh);

        // Every slot's true price is the mean of the real half-hours that carry its local date and time:
        // two on the repeated autumn hour, none (→ filled) on the skipped spring hour, one otherwise.
        var filled = 0;
        for (var position = 0; position < 48; position++)
        {
            var slot = result.Slots[position];
            var starts = RealStartsOf(zone, slot.HalfHour.Date, slot.Slot.Index);
            if (starts.Count == 0)
            {
                filled += 2;
                Assert.True(slot.Adjustments.HasFlag(SlotAdjustments.BuyFilled | SlotAdjustments.SellFilled), $"{slot.HalfHour} does not exist and must be filled");
                // Filled from the nearest half-hour that has prices, in window order (the earlier on a tie).
                var nearest = result.Slots
                    .Select((candidate, at) => (candidate, at))
                    .Where(c => !c.candidate.WasFilled)
                    .MinBy(c => (Math.Abs(c.at - position), c.at)).candidate;
                Assert.Equal(nearest.TrueBuyPerKwh, slot.TrueBuyPerKwh);
                Assert.Equal(nearest.TrueSellPerKwh, slot.TrueSellPerKwh);
            }
            else
            {
                Assert.Equal(Round(MeanGeneral(starts, minutes)), Round(slot.TrueBuyPerKwh));
            }
        }

        Assert.Equal(filled, result.FilledValues);
        Assert.Equal(zoneId is "Australia/Sydney" or "Australia/Adelaide" && SpansSpringGap(result), filled > 0);
    }

    [Theory]
    [InlineData("Australia/Sydney")]
    [InlineData("Australia/Adelaide")]
    public void Build_AutumnNight_RepeatedHourAveragesBothOccurrences(string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var now = ToUtc(zone, "2025-04-06T00:10:00");
        var raw = SyntheticAmber.Intervals(FloorToHalfHour(now), FloorToHalfHour(now).AddHours(26), 30);

        var result = new AmberTariffBuilder(new TariffBuildOptions()).Build(AmberCapture.ToDomain(raw), zone, now);

        var slot = result.SlotFor(new HalfHourSlot(4)); // 02:00
        var first = ToUtc(zone, "2025-04-06T02:00:00");
        var second = ToUtc(zone, "2025-04-06T02:00:00#2");
        Assert.Equal(TimeSpan.FromHours(1), second - first);
        var both = (SyntheticAmber.GeneralCents(first) + SyntheticAmber.GeneralCents(second)) / 200m;
        Assert.Equal(Round(both), Round(slot.TrueBuyPerKwh));
        Assert.Equal(0, result.FilledValues);
    }

    [Theory]
    [InlineData("Australia/Sydney")]
    [InlineData("Australia/Adelaide")]
    public void Build_SpringNight_SkippedHourIsFilledFromItsNeighbours(string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var now = ToUtc(zone, "2025-10-05T00:10:00");
        var raw = SyntheticAmber.Intervals(FloorToHalfHour(now), FloorToHalfHour(now).AddHours(26), 30);

        var result = new AmberTariffBuilder(new TariffBuildOptions()).Build(AmberCapture.ToDomain(raw), zone, now);

        Assert.Equal(4, result.FilledValues); // 02:00 and 02:30, buy and sell
        var before = result.SlotFor(new HalfHourSlot(3)); // 01:30
        var after = result.SlotFor(new HalfHourSlot(6));  // 03:00
        Assert.Equal(before.Tesla.BuyPerKwh, result.Tariff![new HalfHourSlot(4)].BuyPerKwh); // nearest is 01:30
        Assert.Equal(after.Tesla.BuyPerKwh, result.Tariff[new HalfHourSlot(5)].BuyPerKwh);   // nearest is 03:00
        Assert.Equal(after.Tesla.SellPerKwh, result.Tariff[new HalfHourSlot(5)].SellPerKwh);
    }

    [Theory]
    [InlineData("Australia/Perth", "2025-06-10T04:00:00Z", 24)]     // +8: 12:00
    [InlineData("Australia/Adelaide", "2025-06-10T04:00:00Z", 27)]  // +9:30: 13:30
    [InlineData("Australia/Brisbane", "2025-06-10T04:00:00Z", 28)]  // +10: 14:00
    [InlineData("Australia/Sydney", "2025-01-10T04:00:00Z", 30)]    // +11 in summer: 15:00
    [InlineData("Australia/Adelaide", "2025-01-10T04:00:00Z", 29)]  // +10:30 in summer: 14:30
    public void Build_NowInEachZone_CurrentSlotIsTheLocalOneNotPlusTen(string zoneId, string utcNow, int expectedSlot)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var now = DateTimeOffset.Parse(utcNow, CultureInfo.InvariantCulture);
        var raw = SyntheticAmber.Intervals(now, now.AddHours(24), 30);

        var result = new AmberTariffBuilder(new TariffBuildOptions()).Build(AmberCapture.ToDomain(raw), zone, now);

        Assert.Equal(expectedSlot, result.Slots[0].Slot.Index);
        Assert.Equal(Round(SyntheticAmber.GeneralCents(now) / 100m), result.Tariff![new HalfHourSlot(expectedSlot)].BuyPerKwh);
    }

    private static bool SpansSpringGap(TariffBuildResult result) =>
        result.Slots.Any(s => s.HalfHour.Date == new DateOnly(2025, 10, 5) && s.Slot.Index is 4 or 5);

    /// <summary>The real (UTC) starts of the half-hours whose local start is the given date and slot: 0, 1 or 2 of them.</summary>
    private static List<DateTimeOffset> RealStartsOf(TimeZoneInfo zone, DateOnly date, int slot)
    {
        var local = date.ToDateTime(new TimeOnly(slot / 2, slot % 2 * 30));
        if (zone.IsInvalidTime(local))
        {
            return [];
        }

        var offsets = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local) : [zone.GetUtcOffset(local)];
        return offsets.Select(offset => new DateTimeOffset(local, offset).ToUniversalTime()).Distinct().ToList();
    }

    private static decimal MeanGeneral(IEnumerable<DateTimeOffset> halfHourStarts, int minutes) =>
        halfHourStarts
            .SelectMany(start => Enumerable.Range(0, 30 / minutes).Select(i => SyntheticAmber.GeneralCents(start.AddMinutes(i * minutes)) / 100m))
            .Average();

    private static decimal Round(decimal value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);

    private static DateTimeOffset FloorToHalfHour(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.FromMinutes(30).Ticks), TimeSpan.Zero);

    /// <summary>A local wall-clock time to UTC; "#2" takes the second (standard-time) occurrence of a repeated time.</summary>
    internal static DateTimeOffset ToUtc(TimeZoneInfo zone, string local)
    {
        var second = local.EndsWith("#2", StringComparison.Ordinal);
        var wallClock = DateTime.Parse(second ? local[..^2] : local, CultureInfo.InvariantCulture);
        if (zone.IsInvalidTime(wallClock))
        {
            throw new ArgumentException($"{local} does not exist in {zone.Id}.", nameof(local));
        }

        var offsets = zone.IsAmbiguousTime(wallClock)
            ? zone.GetAmbiguousTimeOffsets(wallClock).OrderByDescending(o => o).ToArray()
            : [zone.GetUtcOffset(wallClock)];
        return new DateTimeOffset(wallClock, second ? offsets[^1] : offsets[0]).ToUniversalTime();
    }
}
