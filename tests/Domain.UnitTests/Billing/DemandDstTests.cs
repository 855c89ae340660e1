using TeslaSync.Domain.Billing;
using static TeslaSync.Domain.UnitTests.Billing.Site;
using static TeslaSync.Domain.UnitTests.Billing.Tariffs;

namespace TeslaSync.Domain.UnitTests.Billing;

/// <summary>
/// Half-hour blocks follow the local clock across both 2026 transitions: clocks go back at 03:00 on
/// 5 April (02:00–03:00 happens twice) and forward at 02:00 on 4 October (02:00–03:00 never
/// happens) in Sydney and Adelaide; Brisbane has no DST.
/// </summary>
public sealed class DemandDstTests
{
    private static readonly DemandTariff TwoToThree = new() { Windows = [Window("Night", 1m, Times("02:00", "03:00"))] };

    [Theory]
    [InlineData("Australia/Sydney")]
    [InlineData("Australia/Adelaide")]
    public void Autumn_TheRepeatedHourGivesFourBlocks_EachCounted(string zoneId)
    {
        var zone = Zone(zoneId);
        var firstTwo = At(zone, "2026-04-05 02:00");
        var secondTwoThirty = At(zone, "2026-04-05 02:30", second: true);

        // Local 01:00 to 04:00 is four real hours: 1 kW throughout, except 3 kW in the first
        // 02:00 block and 5 kW in the second 02:30 block.
        var energy = FiveMinutes(At(zone, "2026-04-05 01:00"), At(zone, "2026-04-05 04:00"), at =>
            at >= firstTwo && at < firstTwo.AddMinutes(30) ? 3
            : at >= secondTwoThirty && at < secondTwoThirty.AddMinutes(30) ? 5
            : 1);
        var meter = new DemandMeter(TwoToThree, zone);

        var blocks = meter.Blocks(energy);
        var night = meter.Measure(energy, At(zone, "2026-04-05 12:00")).Windows[0];

        Assert.Equal(
            ["01:00", "01:30", "02:00", "02:30", "02:00", "02:30", "03:00", "03:30"],
            blocks.Select(block => block.LocalStart.ToString()[11..]));
        Assert.All(blocks, block => Assert.Equal(TimeSpan.FromMinutes(30), block.End - block.Start));
        Assert.Equal(4, night.Blocks);
        Assert.Equal(5.0, night.PeakKw, 9);
        Assert.Equal(secondTwoThirty, night.PeakBlock!.Start);
        Assert.Equal(firstTwo.AddMinutes(90), secondTwoThirty);
    }

    [Theory]
    [InlineData("Australia/Sydney")]
    [InlineData("Australia/Adelaide")]
    public void Spring_TheSkippedHourHasNoBlocks(string zoneId)
    {
        var zone = Zone(zoneId);
        var three = At(zone, "2026-10-04 03:00");

        // Local 01:00 to 04:00 is two real hours: 01:00, 01:30, then straight to 03:00, 03:30.
        // 7 kW at 03:00 is outside 02:00–03:00 on the clock, so the window sees nothing.
        var energy = FiveMinutes(At(zone, "2026-10-04 01:00"), At(zone, "2026-10-04 04:00"), at =>
            at >= three && at < three.AddMinutes(30) ? 7 : 1);
        var meter = new DemandMeter(TwoToThree, zone);

        var blocks = meter.Blocks(energy);
        var night = meter.Measure(energy, At(zone, "2026-10-04 12:00")).Windows[0];

        Assert.Equal(["01:00", "01:30", "03:00", "03:30"], blocks.Select(block => block.LocalStart.ToString()[11..]));
        Assert.Equal(0, night.Blocks);
        Assert.Equal(0, night.PeakKw);
        Assert.Equal(three, At(zone, "2026-10-04 01:30").AddMinutes(30));
    }

    [Theory]
    [InlineData("2026-04-05")]
    [InlineData("2026-10-04")]
    public void Brisbane_NoTransition_TwoBlocksInTheHour(string date)
    {
        var energy = FiveMinutes(At(Brisbane, $"{date} 01:00"), At(Brisbane, $"{date} 04:00"), at => at == At(Brisbane, $"{date} 02:35") ? 6 : 1);
        var meter = new DemandMeter(TwoToThree, Brisbane);

        var night = meter.Measure(energy, At(Brisbane, $"{date} 12:00")).Windows[0];

        // 02:30 block: five 5-minute intervals at 1 kW and one at 6 kW: (25 × 1 + 5 × 6) / 30 = 55/30 kW.
        Assert.Equal(6, meter.Blocks(energy).Count);
        Assert.Equal(2, night.Blocks);
        Assert.Equal(55.0 / 30, night.PeakKw, 9);
    }

    [Theory]
    [InlineData("Australia/Sydney", "2026-04-05 02:15", true)]
    [InlineData("Australia/Sydney", "2026-04-05 02:15", false)]
    [InlineData("Australia/Adelaide", "2026-04-05 02:45", true)]
    public void WindowAt_RepeatedHour_InTheWindowBothTimes(string zoneId, string local, bool second)
    {
        var zone = Zone(zoneId);

        Assert.Equal("Night", new DemandMeter(TwoToThree, zone).WindowAt(At(zone, local, second))?.Name);
    }

    [Fact]
    public void WholeAutumnDay_FiftyBlocks_SpringDay_FortySix()
    {
        var autumn = DemandMeter.Blocks(FiveMinutes(At(Sydney, "2026-04-05 00:00"), At(Sydney, "2026-04-06 00:00"), _ => 1), Sydney);
        var spring = DemandMeter.Blocks(FiveMinutes(At(Adelaide, "2026-10-04 00:00"), At(Adelaide, "2026-10-05 00:00"), _ => 1), Adelaide);

        Assert.Equal(50, autumn.Count);
        Assert.Equal(46, spring.Count);
        Assert.All(autumn.Concat(spring), block => Assert.True(block.IsComplete));
    }
}
