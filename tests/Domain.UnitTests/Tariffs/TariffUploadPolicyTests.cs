using TeslaSync.Domain.Tariffs;

namespace TeslaSync.Domain.UnitTests.Tariffs;

public sealed class TariffUploadPolicyTests
{
    private static readonly DateTimeOffset Noon = new(2025, 6, 10, 2, 0, 0, TimeSpan.Zero);
    private readonly TariffUploadPolicy _policy = new(0.005m);

    private static HalfHourTariff Flat(decimal buy, string zone = "Australia/Brisbane") =>
        new(HalfHourSlot.All.Select(slot => new SlotRates(slot, buy, 0.05m)).ToArray(), zone);

    [Fact]
    public void Decide_NothingUploadedYet_Uploads() =>
        Assert.True(_policy.Decide(Flat(0.30m), null, Noon).Upload);

    [Fact]
    public void Decide_SmallChangeOnly_Skips()
    {
        var decision = _policy.Decide(Flat(0.304m), new UploadedTariff(Flat(0.30m), Noon.AddMinutes(-10)), Noon);

        Assert.False(decision.Upload);
        Assert.True(decision.OnlyIfChangedElsewhere);
        Assert.Contains("No rate changed", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_MaterialChange_Uploads() =>
        Assert.True(_policy.Decide(Flat(0.31m), new UploadedTariff(Flat(0.30m), Noon.AddMinutes(-10)), Noon).Upload);

    [Fact]
    public void Decide_AlreadyUploadedThisFiveMinutePeriod_SkipsEvenAMaterialChange()
    {
        var decision = _policy.Decide(Flat(0.90m), new UploadedTariff(Flat(0.30m), Noon.AddMinutes(1)), Noon.AddMinutes(4));

        Assert.False(decision.Upload);
        Assert.False(decision.OnlyIfChangedElsewhere);
        Assert.Contains("already uploaded", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_TimeZoneChanged_Uploads() =>
        Assert.True(_policy.Decide(Flat(0.30m, "Australia/Perth"), new UploadedTariff(Flat(0.30m), Noon.AddMinutes(-10)), Noon).Upload);
}
