using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Domain.Tariffs;
using TeslaSync.Integrations.Tesla;
using TeslaSync.TariffSync.Overrides;

namespace TeslaSync.TariffSync.FunctionalTests;

/// <summary>The pure override logic: precedence, baselines, expiry, extension, override tariffs. No host, a fake clock.</summary>
public sealed class OverrideBookTests
{
    private static readonly TimeZoneInfo Adelaide = TimeZoneInfo.FindSystemTimeZoneById("Australia/Adelaide");
    private static readonly TariffOverrideOptions Options = new();
    private const string BaselineTariff = """{"code":"TESLASYNC:AMBER","name":"Amber (TeslaSync)"}""";

    // 14:10 in Adelaide (+10:30 in summer): the spike window below covers PERIOD_14_00 and PERIOD_14_30.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 15, 3, 40, 0, TimeSpan.Zero));

    private DateTimeOffset Now => _time.GetUtcNow();

    private static string TariffOf(ActiveOverride active) => new OverrideTariffs(Options, Adelaide).Build(active);

    /// <summary>A book as it stands after the overrides were applied and written: baselines taken, values confirmed.</summary>
    private OverrideBook Written(params ActiveOverride[] overrides)
    {
        var book = overrides.Aggregate(OverrideBook.Empty, (b, o) => b.With(o))
            .WithBaseline(ControlledSetting.Tariff, BaselineTariff, BaselineTariffChoice.FromPowerwall, Now)
            .WithBaseline(ControlledSetting.OperationMode, "self_consumption", BaselineTariffChoice.FromPowerwall, Now);
        return book.Plan(Now, TariffOf).Aggregate(book, (b, step) => b.Succeeded(step, Now));
    }

    private ActiveOverride Spike(TimeSpan length, string name = "spike") =>
        ActiveOverride.Start(name, new SpikeTariffPayload(2.5m), Now + length, Now);

    [Fact]
    public void Winner_SpikeThenForceDischarge_ForceDischargeHoldsTheTariffWhicheverCameFirst()
    {
        var spike = Spike(TimeSpan.FromMinutes(30));
        _time.Advance(TimeSpan.FromMinutes(1));
        var discharge = ActiveOverride.Start("force-discharge", new ForceDischargePayload(1m), Now + TimeSpan.FromMinutes(30), Now);
        _time.Advance(TimeSpan.FromMinutes(1));
        var charge = ActiveOverride.Start("force-charge", new ForceChargePayload(), Now + TimeSpan.FromMinutes(30), Now);

        var book = OverrideBook.Empty.With(charge).With(discharge).With(spike);

        Assert.Equal("force-discharge", book.Winner(ControlledSetting.Tariff, Now)?.Name);
        Assert.Equal("spike", book.Without("force-discharge").Winner(ControlledSetting.Tariff, Now)?.Name);
        Assert.Equal("force-charge", book.Without("force-discharge").Without("spike").Winner(ControlledSetting.Tariff, Now)?.Name);
    }

    [Fact]
    public void Winner_TwoOperationModeOverrides_NewestWinsAndSpikeOutranksBoth()
    {
        var backup = ActiveOverride.Start("user", new OperationModePayload(OperationMode.Backup), null, Now);
        _time.Advance(TimeSpan.FromSeconds(1));
        var selfUse = ActiveOverride.Start("storm", new OperationModePayload(OperationMode.SelfConsumption), null, Now);
        var book = OverrideBook.Empty.With(backup).With(selfUse);

        Assert.Equal("storm", book.Winner(ControlledSetting.OperationMode, Now)?.Name);
        Assert.Equal("spike", book.With(Spike(TimeSpan.FromMinutes(5))).Winner(ControlledSetting.OperationMode, Now)?.Name);
    }

    [Fact]
    public void Plan_ForceDischargeReleasedDuringSpike_ReappliesTheSpikeTariffOnly()
    {
        var book = Written(Spike(TimeSpan.FromMinutes(30)),
            ActiveOverride.Start("force-discharge", new ForceDischargePayload(1m), Now + TimeSpan.FromMinutes(30), Now));
        Assert.Equal("force-discharge", book.Settings[ControlledSetting.Tariff].AppliedBy);

        var steps = book.Without("force-discharge").Plan(Now, TariffOf);

        // The mode is autonomous under both: only the tariff changes hands.
        var step = Assert.Single(steps);
        Assert.Equal(ControlledSetting.Tariff, step.Setting);
        Assert.Equal("spike", step.Owner);
        Assert.Contains("TESLASYNC:OVERRIDE:SPIKE", step.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_LastOverrideReleased_RestoresTheBaselineTariffThenTheMode()
    {
        var book = Written(Spike(TimeSpan.FromMinutes(30))).Without("spike");

        var steps = book.Plan(Now, TariffOf);

        Assert.Equal([ControlledSetting.Tariff, ControlledSetting.OperationMode], steps.Select(s => s.Setting));
        Assert.All(steps, s => Assert.True(s.IsRestore));
        Assert.Equal(BaselineTariff, steps[0].Value);
        Assert.Equal("self_consumption", steps[1].Value);
        Assert.Equal(ActiveOverride.RestoringName, book.TariffOwner(Now));

        var restored = steps.Aggregate(book, (b, s) => b.Succeeded(s, Now));
        Assert.True(restored.IsIdle);
        Assert.Null(restored.TariffOwner(Now));
    }

    [Fact]
    public void WithBaseline_SettingAlreadyHasOne_KeepsTheFirstCapture()
    {
        var book = OverrideBook.Empty
            .WithBaseline(ControlledSetting.OperationMode, "self_consumption", BaselineTariffChoice.FromPowerwall, Now)
            .WithBaseline(ControlledSetting.OperationMode, "autonomous", BaselineTariffChoice.FromPowerwall, Now + TimeSpan.FromMinutes(5));

        Assert.Equal("self_consumption", book.Settings[ControlledSetting.OperationMode].Baseline);
    }

    [Fact]
    public void BaselinesMissingFor_SecondTariffOverrideWhileRestorePending_NeedsNoNewCapture()
    {
        var pending = Written(Spike(TimeSpan.FromMinutes(30))).Without("spike"); // restore failed, baseline kept
        var discharge = ActiveOverride.Start("force-discharge", new ForceDischargePayload(1m), Now + TimeSpan.FromMinutes(10), Now);

        Assert.Empty(pending.With(discharge).BaselinesMissingFor(discharge));
        Assert.Equal([ControlledSetting.ExportRule],
            pending.BaselinesMissingFor(ActiveOverride.Start("curtailment", new ExportRulePayload(ExportRule.Never), null, Now)));
    }

    [Fact]
    public void Choose_PowerwallHoldsOurOwnOverrideTariff_FallsBackToTheLastPriceSyncThenTheDefaultProfile()
    {
        var ours = JsonNode.Parse(TariffOf(Spike(TimeSpan.FromMinutes(30))))!.AsObject();
        var amber = JsonNode.Parse(BaselineTariff)!.AsObject();
        var profile = JsonNode.Parse("""{"code":"RETAILER","name":"Plan"}""")!.AsObject();

        Assert.True(OverrideTariffs.IsOverrideTariff(ours));
        Assert.Equal(BaselineTariffChoice.FromLastPriceSync, BaselineTariffChoice.Choose(ours, amber, profile)?.Source);
        Assert.Equal(BaselineTariffChoice.FromDefaultProfile, BaselineTariffChoice.Choose(ours, null, profile)?.Source);
        Assert.Equal(BaselineTariffChoice.FromDefaultProfile, BaselineTariffChoice.Choose(null, null, profile)?.Source);
        Assert.Null(BaselineTariffChoice.Choose(ours, null, ours));
    }

    [Fact]
    public void Choose_PowerwallHoldsATeslaSyncPriceTariff_ItIsTheBaseline()
    {
        var amber = JsonNode.Parse(BaselineTariff)!.AsObject();

        var choice = BaselineTariffChoice.Choose(amber, null, null);

        Assert.Equal(BaselineTariffChoice.FromPowerwall, choice?.Source);
        Assert.Equal(BaselineTariff, choice?.Document);
    }

    [Fact]
    public void WithoutExpired_ClockPassesUntil_DropsTheOverrideAndPlansTheRestore()
    {
        var book = Written(ActiveOverride.Start("force-discharge", new ForceDischargePayload(1m), Now + TimeSpan.FromMinutes(15), Now));

        _time.Advance(TimeSpan.FromMinutes(14));
        Assert.Empty(book.ExpiredAt(Now));
        Assert.Equal("force-discharge", book.TariffOwner(Now));
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(["force-discharge"], book.ExpiredAt(Now).Select(o => o.Name));
        var expired = book.WithoutExpired(Now);
        Assert.Empty(expired.Overrides);
        Assert.All(expired.Plan(Now, TariffOf), s => Assert.True(s.IsRestore));
        Assert.Equal(2, expired.Plan(Now, TariffOf).Count);
    }

    [Fact]
    public void Reapply_SamePayloadAndUntilLater_IsUnchangedAndPlansNothing()
    {
        var spike = Spike(TimeSpan.FromMinutes(30));
        var book = Written(spike);
        _time.Advance(TimeSpan.FromMinutes(10));

        var again = spike.Reapply(new SpikeTariffPayload(2.50m), spike.Until, Now);

        Assert.Same(spike, again);
        Assert.Empty(book.With(again).Plan(Now, TariffOf));
    }

    [Fact]
    public void Reapply_SameUntilWithSubMillisecondTicks_IsUnchanged()
    {
        var until = Now.AddMinutes(5).AddTicks(1234);
        var spike = ActiveOverride.Start("spike", new SpikeTariffPayload(1m), until, Now);
        var reloaded = spike with { }; // as read back from the database: whole milliseconds

        Assert.Same(reloaded, reloaded.Reapply(new SpikeTariffPayload(1m), until, Now.AddMinutes(1)));
    }

    [Fact]
    public void Reapply_LaterUntil_WindowRestartsNowAndTheLongerTariffIsUploaded()
    {
        var spike = Spike(TimeSpan.FromMinutes(30)); // 14:10–14:40 local
        var book = Written(spike);
        _time.Advance(TimeSpan.FromMinutes(25));

        var extended = spike.Reapply(spike.Payload, Now + TimeSpan.FromMinutes(40), Now); // 14:35–15:15

        Assert.Equal(Now, extended.Since);
        Assert.Equal(spike.AppliedAt, extended.AppliedAt);
        var step = Assert.Single(book.With(extended).Plan(Now, TariffOf));
        Assert.Equal(ControlledSetting.Tariff, step.Setting);
        Assert.Equal(["PERIOD_14_30", "PERIOD_15_00"], SellingSlots(step.Value));
    }

    [Fact]
    public void Build_SpikeTariff_SellsHighOnlyInTheLocalWindowAndBuysAboveEverySell()
    {
        var document = JsonNode.Parse(TariffOf(Spike(TimeSpan.FromMinutes(30))))!.AsObject();

        Assert.Equal("TESLASYNC:OVERRIDE:SPIKE", (string?)document["code"]);
        Assert.Equal(["PERIOD_14_00", "PERIOD_14_30"], SellingSlots(document.ToJsonString()));
        var sell = Rates(document["sell_tariff"]!);
        var buy = Rates(document);
        Assert.Equal(2.5m, sell.Values.Max());
        Assert.All(buy.Values, rate => Assert.True(rate > sell.Values.Max()));
    }

    [Fact]
    public void Build_ForceCharge_BuysCheapOnlyInTheWindowAndSellsNothing()
    {
        var charge = ActiveOverride.Start("force-charge", new ForceChargePayload(), Now + TimeSpan.FromMinutes(60), Now);

        var document = JsonNode.Parse(TariffOf(charge))!.AsObject();

        var buy = Rates(document);
        Assert.Equal(["PERIOD_14_00", "PERIOD_14_30", "PERIOD_15_00"], buy.Where(r => r.Value == 0m).Select(r => r.Key).Order());
        Assert.All(Rates(document["sell_tariff"]!).Values, rate => Assert.Equal(0m, rate));
    }

    [Fact]
    public void SlotsCovering_WindowOverMidnightInAdelaide_TakesBothDaysSlots()
    {
        var from = new DateTimeOffset(2026, 1, 15, 23, 50, 0, TimeSpan.FromHours(10.5));

        var slots = OverrideTariffs.SlotsCovering(from, from.AddMinutes(45), Adelaide);

        Assert.Equal(["PERIOD_00_00", "PERIOD_00_30", "PERIOD_23_30"], slots.Select(s => s.Name).Order());
    }

    [Fact]
    public void Failed_TariffStep_KeepsWhatWasConfirmedSoTheStepIsPlannedAgain()
    {
        var book = Written(Spike(TimeSpan.FromMinutes(30))).Without("spike");
        var restore = book.Plan(Now, TariffOf)[0];

        var failed = book.Failed(restore, "Tesla could not be reached", Now);

        Assert.Equal("Tesla could not be reached", failed.Settings[ControlledSetting.Tariff].LastError);
        Assert.Equal(restore, failed.Plan(Now, TariffOf)[0]);
        Assert.Equal([ControlledSetting.Tariff, ControlledSetting.OperationMode], failed.Restoring(Now));
    }

    [Fact]
    public void Plan_OverrideValueEqualsBaseline_RestoreSendsNothing()
    {
        // The user already had "never": curtailment writes it once, and its release has nothing to put back.
        var curtail = ActiveOverride.Start("curtailment", new ExportRulePayload(ExportRule.Never), null, Now);
        var book = OverrideBook.Empty.With(curtail).WithBaseline(ControlledSetting.ExportRule, "never", BaselineTariffChoice.FromPowerwall, Now);
        book = book.Plan(Now, TariffOf).Aggregate(book, (b, s) => b.Succeeded(s, Now));

        var released = book.Without("curtailment");

        Assert.Empty(released.WithoutSettled(Now).Plan(Now, TariffOf));
        Assert.True(released.WithoutSettled(Now).IsIdle);
    }

    [Theory]
    [InlineData("spike", true, null)]
    [InlineData("", true, "name")]
    [InlineData("restoring", true, "reserved")]
    [InlineData("spike", false, "until")]
    public void Problem_SpikeRequests_AreCheckedBeforeAnythingIsWritten(string name, bool withUntil, string? expected)
    {
        var problem = ActiveOverride.Problem(name, new SpikeTariffPayload(1m), withUntil ? Now.AddMinutes(5) : null, Now);

        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ReadPayload_EveryKindWritten_ReadsBackEqual()
    {
        OverridePayload[] payloads =
        [
            new SpikeTariffPayload(1.2345m), new ForceDischargePayload(0.9m), new ForceChargePayload(),
            new ExportRulePayload(ExportRule.PvOnly), new GridChargingPayload(false),
            new OperationModePayload(OperationMode.Backup), new BackupReservePayload(35),
        ];

        Assert.All(payloads, payload => Assert.Equal(payload, OverrideStore.ReadPayload(OverrideStore.WritePayload(payload))));
    }

    private static Dictionary<string, decimal> Rates(JsonNode side) =>
        side["energy_charges"]![TeslaTariffDocument.Season]!["rates"]!.AsObject().ToDictionary(p => p.Key, p => (decimal)p.Value!);

    private static List<string> SellingSlots(string document) =>
        Rates(JsonNode.Parse(document)!["sell_tariff"]!).Where(r => r.Value > 0m).Select(r => r.Key).Order().ToList();
}
