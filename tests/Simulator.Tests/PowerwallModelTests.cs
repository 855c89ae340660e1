using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Domain.Tariffs;
using TeslaSync.Simulator.Tesla;

namespace TeslaSync.Simulator.Tests;

/// <summary>The simulated Powerwall on its own, driven by a fake clock (no HTTP).</summary>
public sealed class PowerwallModelTests
{
    private static readonly TimeZoneInfo Adelaide = TimeZoneInfo.FindSystemTimeZoneById("Australia/Adelaide");

    /// <summary>A sunny summer day in the profile (2012-01-12 in the source: about 13 kWh from the small system, 48 kWh scaled).</summary>
    private static readonly DateOnly SunnyDay = new(2026, 1, 12);

    /// <summary>Midwinter: long nights, little sun.</summary>
    private static readonly DateOnly WinterDay = new(2026, 6, 21);

    [Fact]
    public void Day_SampledEvery30Seconds_BalancesConservesEnergyAndMatchesItsCounters()
    {
        var site = Site.Start(Local(SunnyDay));
        var startStored = site.Model.Status().StoredWh;

        var trace = site.Run(TimeSpan.FromDays(1));

        Assert.All(trace, s => AssertSampleValid(s.Live, site.Model, reservePercent: 20));
        var day = site.Model.DayTotals(SunnyDay);
        AssertConserved(day, startStored, site.Model.Status().StoredWh, site.Model);
        Assert.True(day.Solar > 30_000, $"a sunny day's solar, got {day.Solar:F0} Wh");
        Assert.True(day.BatteryCharge > 5_000 && day.BatteryDischarge > 5_000, "the battery cycles in self-consumption");

        // What a client integrating live_status every 30 s gets is what the counters say.
        var integrated = trace.Integrate();
        AssertClose(day.Solar, integrated.Solar, 0.005, "solar");
        AssertClose(day.Home, integrated.Home, 0.005, "home");
        AssertClose(day.GridImport, integrated.GridImport, 0.005, "grid import");
        AssertClose(day.GridExport, integrated.GridExport, 0.005, "grid export");
        AssertClose(day.BatteryCharge, integrated.BatteryCharge, 0.005, "battery charge");
        AssertClose(day.BatteryDischarge, integrated.BatteryDischarge, 0.005, "battery discharge");
    }

    [Theory]
    [InlineData(2026, 10, 4, 92)] // ACDT starts: 02:00 → 03:00, a 23-hour day
    [InlineData(2026, 4, 5, 100)] // ACDT ends: 03:00 → 02:00, a 25-hour day
    public void DstDay_Adelaide_ConservesEnergyAndHasAQuarterHourPerHour(int year, int month, int dayOfMonth, int quarterHours)
    {
        var date = new DateOnly(year, month, dayOfMonth);
        var midnight = PowerwallModel.LocalMidnight(date, Adelaide);
        var nextMidnight = PowerwallModel.LocalMidnight(date.AddDays(1), Adelaide);
        var site = Site.Start(midnight);
        var startStored = site.Model.Status().StoredWh;

        var trace = site.Run(nextMidnight - midnight);

        Assert.All(trace, s => AssertSampleValid(s.Live, site.Model, reservePercent: 20));
        var day = site.Model.DayTotals(date);
        AssertConserved(day, startStored, site.Model.Status().StoredWh, site.Model);
        var integrated = trace.Integrate();
        AssertClose(day.Home, integrated.Home, 0.005, "home");
        AssertClose(day.Solar, integrated.Solar, 0.005, "solar");

        var buckets = site.Model.History("day", midnight, nextMidnight);
        Assert.Equal(quarterHours, buckets.Count);
        Assert.Equal(midnight, buckets[0].Start);
        Assert.All(buckets.Zip(buckets.Skip(1)), pair => Assert.Equal(TimeSpan.FromMinutes(15), pair.Second.Start - pair.First.Start));
        Assert.Equal(2, buckets.Select(b => b.Start.Offset).Distinct().Count());
        AssertSameWh(day, Sum(buckets.Select(b => b.Energy)));

        // Continuous across the change: no jump in the profile where the wall clock jumps.
        var steps = trace.Zip(trace.Skip(1)).Select(pair => Math.Abs(pair.Second.Live.SolarPower - pair.First.Live.SolarPower));
        Assert.True(steps.Max() < 1500, $"largest 30-second solar step {steps.Max()} W");
    }

    [Fact]
    public void Reserve_RaisedAboveTheNightsDrain_NeverDischargedBelowAndThenTheGridCarriesTheHome()
    {
        var site = Site.Start(Local(WinterDay, 17));
        site.State.SetBackupReserve(40);

        var trace = site.Run(TimeSpan.FromHours(13));

        Assert.All(trace, s => Assert.True(s.Live.PercentageCharged >= 40 - 1e-9, $"{s.At}: {s.Live.PercentageCharged} %"));
        Assert.InRange(trace[^1].Live.PercentageCharged, 40, 40.001);
        var reached = trace.FindIndex(s => s.Live.BatteryPower == 0 && s.Live.LoadPower > s.Live.SolarPower);
        Assert.True(reached > 0, "the battery reaches the reserve during the night");
        Assert.All(trace.Skip(reached), s => Assert.True(s.Live.BatteryPower <= 0, $"{s.At}: discharging {s.Live.BatteryPower} W at the reserve"));
        Assert.All(trace.Skip(reached), s => Assert.Equal(s.Live.LoadPower - s.Live.SolarPower, s.Live.GridPower));
    }

    [Fact]
    public void ExportRuleNever_SolarSurplusWithAFullBattery_NothingExportedAndSolarCurtailed()
    {
        var never = Site.Start(Local(SunnyDay), o => o.InitialStateOfChargePercent = 100);
        never.State.SetGridImportExport("never", null);
        var batteryOk = Site.Start(Local(SunnyDay), o => o.InitialStateOfChargePercent = 100);

        var neverTrace = never.Run(TimeSpan.FromDays(1));
        batteryOk.Run(TimeSpan.FromDays(1));

        Assert.All(neverTrace, s => Assert.True(s.Live.GridPower >= 0, $"{s.At}: exporting {-s.Live.GridPower} W under 'never'"));
        Assert.All(neverTrace, s => AssertSampleValid(s.Live, never.Model, reservePercent: 20));
        var curtailed = never.Model.DayTotals(SunnyDay);
        var free = batteryOk.Model.DayTotals(SunnyDay);
        Assert.Equal(0, curtailed.GridExport);
        Assert.True(free.GridExport > 10_000, $"with battery_ok the surplus is exported ({free.GridExport:F0} Wh)");
        Assert.True(curtailed.Solar < free.Solar - 10_000, $"curtailed {curtailed.Solar:F0} Wh vs {free.Solar:F0} Wh");
    }

    [Theory]
    [InlineData(2026, 1, 12)]
    [InlineData(2026, 6, 21)]
    public void SelfConsumption_WholeDay_NeverChargesFromTheGrid(int year, int month, int day)
    {
        var date = new DateOnly(year, month, day);
        var site = Site.Start(Local(date), o => o.InitialStateOfChargePercent = 10);
        site.State.SetBackupReserve(5);

        var trace = site.Run(TimeSpan.FromDays(1));

        Assert.All(trace, s => Assert.True(s.Live.BatteryPower >= 0 || s.Live.GridPower <= 0,
            $"{s.At}: charging {-s.Live.BatteryPower} W while importing {s.Live.GridPower} W"));
        Assert.Equal(0, site.Model.DayTotals(date).GridToBattery);
    }

    [Fact]
    public void Autonomous_ForceChargeTariff_ChargesFromTheGridInTheWindowOnly()
    {
        var site = Site.Start(Local(WinterDay), o => o.InitialStateOfChargePercent = 30);
        site.State.SetMode("autonomous");
        site.Upload(ForceChargeTariff(firstSlot: 2, lastSlot: 5)); // 01:00–03:00

        var trace = site.Run(TimeSpan.FromHours(6));

        Assert.True(At(trace, Local(WinterDay, 0, 30)).BatteryPower >= 0, "before the window: no grid charging");
        var inWindow = At(trace, Local(WinterDay, 1, 30));
        Assert.Equal(-site.Model.MaxPower, inWindow.BatteryPower);
        Assert.Equal(inWindow.LoadPower + site.Model.MaxPower - inWindow.SolarPower, inWindow.GridPower);
        var window = site.Model.Totals(Local(WinterDay, 1), Local(WinterDay, 3));
        Assert.True(window.GridToBattery > 8_000, $"charged {window.GridToBattery:F0} Wh from the grid in the window");
        Assert.Equal(0, site.Model.Totals(Local(WinterDay), Local(WinterDay, 1)).GridToBattery);
        Assert.Equal(0, site.Model.Totals(Local(WinterDay, 3), Local(WinterDay, 6)).GridToBattery);
    }

    [Fact]
    public void Autonomous_ForceChargeTariffButGridChargingDisallowed_HoldsAndNeverChargesFromTheGrid()
    {
        var site = Site.Start(Local(WinterDay), o => o.InitialStateOfChargePercent = 60);
        site.State.SetMode("autonomous");
        site.State.SetGridImportExport(null, disallowChargeFromGridWithSolar: true);
        site.Upload(ForceChargeTariff(firstSlot: 2, lastSlot: 5));

        var trace = site.Run(TimeSpan.FromHours(6));

        Assert.Equal(0, site.Model.Totals(Local(WinterDay), Local(WinterDay, 6)).GridToBattery);
        var inWindow = trace.Where(s => s.At >= Local(WinterDay, 1) && s.At < Local(WinterDay, 3)).ToList();
        Assert.All(inWindow, s => Assert.Equal(0, s.Live.BatteryPower)); // night: nothing to charge from, and cheap grid is not the time to discharge
        Assert.True(At(trace, Local(WinterDay, 4)).BatteryPower > 0, "after the window it covers the home again");
    }

    [Theory]
    [InlineData("battery_ok")]
    [InlineData("pv_only")]
    public void Autonomous_SpikeTariff_DischargesToTheGridInTheWindowWhenTheRuleAllows(string exportRule)
    {
        var site = Site.Start(Local(SunnyDay, 17), o => o.InitialStateOfChargePercent = 95);
        site.State.SetMode("autonomous");
        site.State.SetGridImportExport(exportRule, null);
        site.Upload(SpikeTariff(firstSlot: 36, lastSlot: 37)); // 18:00–19:00

        var trace = site.Run(TimeSpan.FromHours(3));

        var before = trace.Where(s => s.At < Local(SunnyDay, 18)).ToList();
        Assert.All(before, s => Assert.True(s.Live.BatteryPower <= Math.Max(0, s.Live.LoadPower - s.Live.SolarPower)));
        var window = site.Model.Totals(Local(SunnyDay, 18), Local(SunnyDay, 19));
        var inWindow = trace.Where(s => s.At >= Local(SunnyDay, 18) && s.At < Local(SunnyDay, 19)).ToList();
        if (exportRule == "battery_ok")
        {
            Assert.All(inWindow, s => Assert.Equal(site.Model.MaxPower, s.Live.BatteryPower));
            Assert.True(window.BatteryToGrid > 2_000, $"exported {window.BatteryToGrid:F0} Wh from the battery");
            Assert.Equal(0, site.Model.Totals(Local(SunnyDay, 19), Local(SunnyDay, 20)).BatteryToGrid);
        }
        else
        {
            Assert.Equal(0, window.BatteryToGrid);
            Assert.All(inWindow, s => Assert.True(s.Live.BatteryPower <= Math.Max(0, s.Live.LoadPower - s.Live.SolarPower)));
        }
    }

    [Fact]
    public void Efficiency_OneFullCycleThroughTheGrid_ReturnsTheRoundTripShare()
    {
        var site = Site.Start(Local(WinterDay), o => o.InitialStateOfChargePercent = 20);
        site.State.SetMode("autonomous");
        site.Upload(ForceChargeTariff(firstSlot: 0, lastSlot: 7)); // 00:00–04:00: 20 % → 100 %
        site.Run(TimeSpan.FromHours(4));
        Assert.Equal(100, site.Model.Sample().PercentageCharged, 3);

        site.Upload(SpikeTariff(firstSlot: 8, lastSlot: 13)); // 04:00–07:00: 100 % → 20 %
        site.Run(TimeSpan.FromHours(3));

        Assert.Equal(20, site.Model.Sample().PercentageCharged, 3);
        var totals = site.Model.Totals(Local(WinterDay), Local(WinterDay, 7));
        Assert.Equal(0.90, totals.BatteryDischarge / totals.BatteryCharge, 4);
        Assert.InRange(totals.BatteryCharge, (13_500 * 0.8 / Math.Sqrt(0.9)) - 1, (13_500 * 0.8 / Math.Sqrt(0.9)) + 1);
    }

    [Fact]
    public void CalendarHistory_DayWeekMonth_BucketsAddUpToTheModelsCounters()
    {
        var site = Site.Start(Local(SunnyDay.AddDays(-2)));
        site.State.SetMode("autonomous");
        site.Run(TimeSpan.FromDays(3) + TimeSpan.FromHours(7.2), TimeSpan.FromMinutes(7));

        var quarterHours = site.Model.History("day", Local(SunnyDay), Local(SunnyDay.AddDays(1)));
        var days = site.Model.History("week", null, null);
        var months = site.Model.History("year", null, null);

        Assert.Equal(96, quarterHours.Count);
        AssertSameWh(site.Model.DayTotals(SunnyDay), Sum(quarterHours.Select(b => b.Energy)));
        Assert.Equal(4, days.Count); // the model's 3 days and today so far; the week's earlier days hold nothing
        Assert.Equal(Sum(quarterHours.Select(b => b.Energy)), days.Single(d => d.Start == Local(SunnyDay)).Energy);
        var all = site.Model.Totals(Local(SunnyDay.AddDays(-2)), site.Time.GetUtcNow());
        AssertSameWh(all, Sum(days.Select(b => b.Energy)));
        Assert.Equal(Sum(days.Select(b => b.Energy)), Assert.Single(months).Energy);
        Assert.Equal(Local(SunnyDay.AddDays(1), 7, 12), site.Time.GetUtcNow());
        Assert.Equal(29, site.Model.History("day", null, null).Count); // today 00:00 .. 07:00 and the started 07:00 bucket
    }

    [Fact]
    public void Sampling_OftenOrOnce_GivesTheSameState()
    {
        var often = Site.Start(Local(SunnyDay, 5));
        var once = Site.Start(Local(SunnyDay, 5));
        foreach (var site in new[] { often, once })
        {
            site.State.SetMode("autonomous");
            site.Upload(SpikeTariff(firstSlot: 36, lastSlot: 37));
        }

        often.Run(TimeSpan.FromHours(20), TimeSpan.FromSeconds(13));
        once.Time.Advance(TimeSpan.FromHours(20));

        Assert.Equal(often.Model.Sample(), once.Model.Sample());
        Assert.Equal(often.Model.Status().Totals, once.Model.Status().Totals);
    }

    [Fact]
    public void ReactionDelay_ModeChange_ActedOnOnlyAfterTheDelay()
    {
        var site = Site.Start(Local(WinterDay, 2, 0, 10), o => o.ReactionDelaySeconds = 30);
        site.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(site.Model.Sample().BatteryPower > 0, "at night self-consumption discharges");

        site.State.SetMode("backup");
        Assert.True(site.Model.Sample().BatteryPower > 0);
        site.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.True(site.Model.Sample().BatteryPower > 0, "29 s after the change it still discharges");
        site.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(-site.Model.MaxPower, site.Model.Sample().BatteryPower); // backup: charge to full, from the grid at night
    }

    [Fact]
    public void ReactionDelay_Zero_ActsAtOnce()
    {
        var site = Site.Start(Local(WinterDay, 2, 0, 10));
        site.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(site.Model.Sample().BatteryPower > 0);

        site.State.SetMode("backup");

        Assert.Equal(-site.Model.MaxPower, site.Model.Sample().BatteryPower);
    }

    [Fact]
    public void PowerwallThree_TwoUnits_ExportsAtTheirCombinedPower()
    {
        var site = Site.Start(Local(SunnyDay, 17), o =>
        {
            o.BatteryCount = 2;
            o.PowerPerBatteryW = 11_500;
            o.BatteryPartName = "Powerwall 3";
            o.InitialStateOfChargePercent = 100;
        });
        site.State.SetMode("autonomous");
        site.Upload(SpikeTariff(firstSlot: 36, lastSlot: 37));

        site.Time.Advance(TimeSpan.FromHours(1.25));
        var live = site.Model.Sample();

        Assert.Equal(23_000, live.BatteryPower);
        Assert.Equal(27_000, live.TotalPackEnergy);
        Assert.Equal(live.LoadPower - live.SolarPower - 23_000, live.GridPower);
    }

    [Fact]
    public void Backup_NoGridCharging_HoldsAndChargesFromSolarOnly()
    {
        var site = Site.Start(Local(SunnyDay), o => o.InitialStateOfChargePercent = 30);
        site.State.SetMode("backup");
        site.State.SetGridImportExport(null, disallowChargeFromGridWithSolar: true);

        var trace = site.Run(TimeSpan.FromDays(1));

        Assert.All(trace, s => Assert.True(s.Live.BatteryPower <= 0, $"{s.At}: backup discharged"));
        var day = site.Model.DayTotals(SunnyDay);
        Assert.Equal(0, day.GridToBattery);
        Assert.True(day.SolarToBattery > 5_000);
    }

    [Fact]
    public void Profile_ScaledSolarAndRecordedLoad_MatchTheSourceDay()
    {
        var profile = HouseholdProfile.Embedded;
        Assert.Equal(366, profile.Days);
        Assert.Equal(900, profile.LargestSolarHalfHourWh);

        // Integrate a whole (summer, ACDT) day at one-minute resolution (source: 2012-01-12, AEDT).
        var start = Local(new DateOnly(2026, 1, 12));
        double solar = 0, load = 0, peak = 0;
        for (var minute = 0; minute < 1440; minute++)
        {
            var (s, l) = profile.PowerAt(start.AddMinutes(minute + 0.5), Adelaide, 6600);
            solar += s / 60;
            load += l / 60;
            peak = Math.Max(peak, s);
        }

        var (sourceSolar, sourceLoad) = profile.SourceDay(1, 12);
        AssertClose(sourceLoad, load, 0.02, "load");
        AssertClose(sourceSolar * 6600 / 1800, solar, 0.02, "solar scaled to the peak");
        Assert.InRange(peak, 1, 6600);
    }

    [Theory]
    [InlineData("Australia/Adelaide", 13.0, 14.0)] // daylight saving: the sun peaks after 13:00 on the wall clock, as in Sydney
    [InlineData("Australia/Brisbane", 12.0, 13.0)] // no daylight saving: near noon
    public void Profile_SummerSun_PeaksWhereTheZonesClockPutsNoon(string zoneId, double fromHour, double toHour)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var midnight = PowerwallModel.LocalMidnight(new DateOnly(2026, 1, 12), zone);
        double energy = 0, moment = 0;
        for (var minute = 0; minute < 1440; minute++)
        {
            var (solar, _) = HouseholdProfile.Embedded.PowerAt(midnight.AddMinutes(minute + 0.5), zone, 6600);
            energy += solar;
            moment += solar * (minute + 0.5) / 60;
        }

        Assert.InRange(moment / energy, fromHour, toHour);
    }

    [Fact]
    public void SiteTariff_DefaultFlatTariff_ThirtyCentsBuyFiveSell()
    {
        var tariff = SiteTariff.Parse(TeslaSiteState.DefaultTariff);

        Assert.Equal((0.30, 0.05), tariff.PricesAt(new DateOnly(2026, 3, 2), 0));
        Assert.Equal((0.30, 0.05), tariff.PricesAt(new DateOnly(2026, 3, 8), 1439));
        Assert.Equal("SIM:FLAT", tariff.Code);
    }

    [Fact]
    public void SiteTariff_TeslaSyncHalfHours_ReadInWallClockTimeAcrossDst()
    {
        var tariff = SiteTariff.Parse(ForceChargeTariff(firstSlot: 2, lastSlot: 5).ToJsonString());

        // 01:30 local on the day ACDT starts (still ACST then) and in the middle of summer.
        Assert.Equal((0.0, 0.0), tariff.PricesAt(Local(new DateOnly(2026, 10, 4), 1, 30), Adelaide));
        Assert.Equal((0.0, 0.0), tariff.PricesAt(Local(new DateOnly(2026, 1, 4), 1, 30), Adelaide));
        Assert.Equal((1.0, 0.0), tariff.PricesAt(Local(new DateOnly(2026, 1, 4), 3, 0), Adelaide));
        Assert.Equal((1.0, 0.0), tariff.PricesAt(Local(new DateOnly(2026, 1, 4), 23, 55), Adelaide));
    }

    [Fact]
    public void SiteTariff_MultiSeasonFixture_SeasonsPeriodsAndAllFallbacks()
    {
        var tariff = JsonNode.Parse(TestSupport.SharedFolder.ReadFixture("tesla", "site_info_tariff_content_v2_multi_season.json"))!["response"]!["tariff_content_v2"]!;
        var site = SiteTariff.Parse(tariff.ToJsonString());
        var seasons = tariff["seasons"]!.AsObject();
        var charges = tariff["energy_charges"]!.AsObject();

        // Every covered minute's price is one of the document's rates (or 0 where none applies).
        var rates = charges.SelectMany(c => c.Value!["rates"]!.AsObject().Select(r => (double)r.Value!)).Append(0).ToHashSet();
        for (var day = new DateOnly(2026, 1, 1); day.Year == 2026; day = day.AddDays(7))
        {
            for (var minute = 0; minute < 1440; minute += 5)
            {
                Assert.Contains(site.PricesAt(day, minute).Buy, rates);
            }
        }

        Assert.NotEmpty(seasons);
    }

    // ------------------------------------------------------------------------------------------------

    private static JsonObject ForceChargeTariff(int firstSlot, int lastSlot) =>
        HalfHours("TESLASYNC:OVERRIDE:FORCE-CHARGE", slot => slot >= firstSlot && slot <= lastSlot ? (0m, 0m) : (1.00m, 0m));

    private static JsonObject SpikeTariff(int firstSlot, int lastSlot) =>
        HalfHours("TESLASYNC:OVERRIDE:SPIKE", slot => (2.00m, slot >= firstSlot && slot <= lastSlot ? 1.00m : 0m));

    /// <summary>A tariff written the way TeslaSync writes its own (48 local half hours, one season).</summary>
    private static JsonObject HalfHours(string code, Func<int, (decimal Buy, decimal Sell)> rates) =>
        TeslaTariffDocument.Write(
            new HalfHourTariff([.. HalfHourSlot.All.Select(slot => new SlotRates(slot, rates(slot.Index).Buy, rates(slot.Index).Sell))], Adelaide.Id),
            new TariffLabels(code, code, "TeslaSync"));

    private static DateTimeOffset Local(DateOnly date, int hour = 0, int minute = 0, int second = 0)
    {
        var local = date.ToDateTime(new TimeOnly(hour, minute, second));
        return new DateTimeOffset(local, Adelaide.GetUtcOffset(local));
    }

    private static LiveSample At(Trace trace, DateTimeOffset at) => trace.Single(s => s.At == at).Live;

    private static void AssertSampleValid(LiveSample live, PowerwallModel model, double reservePercent)
    {
        Assert.Equal(live.LoadPower, live.SolarPower + live.BatteryPower + live.GridPower);
        Assert.True(live.SolarPower >= 0 && live.LoadPower >= 0);
        Assert.InRange(Math.Abs(live.BatteryPower), 0, model.MaxPower);
        Assert.InRange(live.PercentageCharged, 0, 100);
        Assert.True(live.PercentageCharged >= reservePercent - 1e-9 || live.BatteryPower <= 0, $"below the reserve and discharging: {live}");
        Assert.Equal(live.EnergyLeft, live.TotalPackEnergy * live.PercentageCharged / 100, 6);
    }

    /// <summary>AC side: what came in went out; cells: the change of charge is the efficiency-weighted difference.</summary>
    private static void AssertConserved(EnergyFlows e, double storedBefore, double storedAfter, PowerwallModel model)
    {
        Assert.Equal(e.Solar + e.GridImport + e.BatteryDischarge, e.Home + e.GridExport + e.BatteryCharge, 6);
        Assert.Equal(storedAfter - storedBefore, (e.BatteryCharge * model.ChargeEfficiency) - (e.BatteryDischarge / model.DischargeEfficiency), 6);
    }

    private static void AssertClose(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Math.Max(1, Math.Abs(expected) * relative), $"{what}: expected {expected:F1}, got {actual:F1}");

    /// <summary>Unrounded counters against whole-Wh buckets: each flow within 1 Wh (buckets round the cumulative counters).</summary>
    private static void AssertSameWh(EnergyFlows exact, EnergyFlows buckets)
    {
        foreach (var (a, b) in new[]
        {
            (exact.SolarToHome, buckets.SolarToHome), (exact.SolarToBattery, buckets.SolarToBattery), (exact.SolarToGrid, buckets.SolarToGrid),
            (exact.BatteryToHome, buckets.BatteryToHome), (exact.BatteryToGrid, buckets.BatteryToGrid),
            (exact.GridToHome, buckets.GridToHome), (exact.GridToBattery, buckets.GridToBattery),
        })
        {
            Assert.InRange(b, a - 1, a + 1);
        }
    }

    private static EnergyFlows Sum(IEnumerable<EnergyFlows> flows) => flows.Aggregate(default(EnergyFlows), (a, b) => a + b);

    /// <summary>A model, its site state and its clock.</summary>
    private sealed record Site(PowerwallModel Model, TeslaSiteState State, FakeTimeProvider Time)
    {
        public static Site Start(DateTimeOffset start, Action<TeslaOptions>? configure = null)
        {
            var options = new TeslaOptions();
            configure?.Invoke(options);
            var time = new FakeTimeProvider(start);
            var state = new TeslaSiteState(time);
            return new Site(new PowerwallModel(options, state, time), state, time);
        }

        public void Upload(JsonObject tariff)
        {
            var body = new JsonObject { ["tou_settings"] = new JsonObject { ["tariff_content_v2"] = tariff.DeepClone() } };
            State.ApplyTariff(Time.GetUtcNow(), body.ToJsonString(), tariff);
        }

        /// <summary>Samples now and every <paramref name="every"/> (30 s) until <paramref name="duration"/> has passed.</summary>
        public Trace Run(TimeSpan duration, TimeSpan? every = null)
        {
            var step = every ?? TimeSpan.FromSeconds(30);
            var end = Time.GetUtcNow() + duration;
            var trace = new Trace();
            while (true)
            {
                trace.Add((Time.GetUtcNow(), Model.Sample()));
                var left = end - Time.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    return trace;
                }

                Time.Advance(left < step ? left : step);
            }
        }
    }

    private sealed class Trace : List<(DateTimeOffset At, LiveSample Live)>
    {
        /// <summary>Each sample's power held until the next sample, as a client polling live_status would integrate.</summary>
        public EnergyFlows Integrate()
        {
            var total = default(EnergyFlows);
            for (var i = 0; i + 1 < Count; i++)
            {
                var (at, live) = this[i];
                total += EnergyFlows.FromPower(live.SolarPower, live.LoadPower, live.BatteryPower, (this[i + 1].At - at).TotalHours);
            }

            return total;
        }
    }
}
