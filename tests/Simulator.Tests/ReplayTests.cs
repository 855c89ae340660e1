using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TeslaSync.Simulator.Market;
using TeslaSync.TestSupport;

namespace TeslaSync.Simulator.Tests;

public sealed class ReplayDayTests
{
    private static readonly DateTimeOffset DayStart = new(2026, 1, 18, 0, 0, 0, TimeSpan.FromHours(10));

    private static ReplayDay Parse(string json) => ReplayDay.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test.json");

    [Fact]
    public void Parse_SharedSpikeDay_HasEveryIntervalAndTheCapPrice()
    {
        var day = ReplayDay.Load(SharedFolder.Data("aemo", "helloiamdanteng_nem-dashboard", "prices", "2026-01-18.json"));

        Assert.Equal(new DateOnly(2026, 1, 18), day.Date);
        Assert.Equal(0, day.MissingIntervals);
        Assert.Equal(20217.17, day.RrpAt("SA1", DayStart.AddHours(18).AddMinutes(30)));
        Assert.Equal(20300.0, day.RrpAt("SA1", DayStart.AddHours(19).AddMinutes(4)));
    }

    [Fact]
    public void RrpAt_MissingIntervals_TakeThePriceBeforeThemAndTheFirstTakeTheFirstPrice()
    {
        var day = Parse("""{"date":"2026-01-18","SA1":{"00:10":50.5,"00:15":-20,"00:30":99}}""");

        Assert.Equal(288 - 3, day.MissingIntervals);
        Assert.Equal(50.5, day.RrpAt("SA1", DayStart));
        Assert.Equal(50.5, day.RrpAt("SA1", DayStart.AddMinutes(10)));
        Assert.Equal(-20, day.RrpAt("SA1", DayStart.AddMinutes(20)));
        Assert.Equal(-20, day.RrpAt("SA1", DayStart.AddMinutes(29)));
        Assert.Equal(99, day.RrpAt("SA1", DayStart.AddHours(23).AddMinutes(59)));
    }

    [Fact]
    public void RrpAt_OutsideTheDayOrAnotherRegion_IsNull()
    {
        var day = Parse("""{"date":"2026-01-18","SA1":{"00:00":1}}""");

        Assert.Null(day.RrpAt("SA1", DayStart.AddTicks(-1)));
        Assert.Null(day.RrpAt("SA1", DayStart.AddDays(1)));
        Assert.Null(day.RrpAt("VIC1", DayStart));
    }

    [Theory]
    [InlineData("not json", "is not JSON")]
    [InlineData("""{"SA1":{"00:00":1}}""", "has no \"date\"")]
    [InlineData("""{"date":"18/01/2026","SA1":{"00:00":1}}""", "has no \"date\"")]
    [InlineData("""{"date":"2026-01-18"}""", "has prices for none of")]
    [InlineData("""{"date":"2026-01-18","SA1":{"00:03":1}}""", "SA1 \"00:03\" is not a 5-minute label")]
    [InlineData("""{"date":"2026-01-18","SA1":{"00:05":"high"}}""", "SA1 \"00:05\" is not a 5-minute label with a number")]
    [InlineData("""{"date":"2026-01-18","SA1":{}}""", "SA1 has no prices")]
    public void Parse_NotADayOfPrices_SaysWhy(string json, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => Parse(json));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithReplay_OnTheDay_ReplacesOnlyThePriceAndElsewhereServesTheWeek()
    {
        var week = MarketPriceSeries.LoadEmbedded();
        var replayed = week.WithReplay(Parse("""{"date":"2026-01-18","SA1":{"00:00":-42.5}}"""));
        var noon = DayStart.AddHours(12);

        Assert.Equal(week.At("SA1", noon) with { Rrp = -42.5 }, replayed.At("SA1", noon));
        Assert.Equal(week.At("VIC1", noon), replayed.At("VIC1", noon));
        Assert.Equal(week.At("SA1", noon.AddDays(1)), replayed.At("SA1", noon.AddDays(1)));
    }
}

public sealed class ReplayEndpointTests
{
    [Fact]
    public async Task ElecNemSummary_ReplayFileConfigured_ServesTheStoredDaysPriceOnItsDate()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("replay-day-").FullName, "day.json");
        await File.WriteAllTextAsync(file, """{"date":"2026-01-18","SA1":{"18:25":497.5,"18:30":20217.17}}""", TestContext.Current.CancellationToken);
        await using var host = await SimulatorHost.StartAsync(new DateTimeOffset(2026, 1, 18, 18, 31, 0, TimeSpan.FromHours(10)), $"--Simulator:Replay:File={file}");

        var body = await host.Http.GetFromJsonAsync<JsonElement>("/aemo/aemo/apps/api/report/ELEC_NEM_SUMMARY", TestContext.Current.CancellationToken);

        var sa1 = body.GetProperty("ELEC_NEM_SUMMARY").EnumerateArray().Single(r => r.GetProperty("REGIONID").GetString() == "SA1");
        Assert.Equal("2026-01-18T18:35:00", sa1.GetProperty("SETTLEMENTDATE").GetString());
        Assert.Equal(20217.17, sa1.GetProperty("PRICE").GetDouble());
    }

    [Fact]
    public async Task Start_ReplayFileMissing_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => SimulatorHost.StartAsync(DateTimeOffset.UtcNow, "--Simulator:Replay:File=/nonexistent/day.json"));

        Assert.Contains("Simulator:Replay:File", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_ModeAndExportRuleChanges_RecordedOncePerChangeWithTheSimulatedTime()
    {
        var now = new DateTimeOffset(2026, 1, 18, 18, 0, 0, TimeSpan.FromHours(10));
        await using var host = await SimulatorHost.StartAsync(now);
        var site = $"/tesla/api/1/energy_sites/{SimulatorHost.EnergySiteId}";

        (await host.TeslaPostAsync($"{site}/operation", """{"default_real_mode":"autonomous"}""")).EnsureSuccessStatusCode();
        host.Time.Advance(TimeSpan.FromMinutes(5));
        (await host.TeslaPostAsync($"{site}/operation", """{"default_real_mode":"autonomous"}""")).EnsureSuccessStatusCode();
        (await host.TeslaPostAsync($"{site}/grid_import_export", """{"customer_preferred_export_rule":"never"}""")).EnsureSuccessStatusCode();

        var history = await host.Http.GetFromJsonAsync<JsonElement>($"/sim/tesla/energy_sites/{SimulatorHost.EnergySiteId}/history", TestContext.Current.CancellationToken);

        var changes = history.EnumerateArray().ToList();
        Assert.Equal(2, changes.Count);
        Assert.Equal(("autonomous", "battery_ok", now), (changes[0].GetProperty("mode").GetString(), changes[0].GetProperty("exportRule").GetString(), At(changes[0])));
        Assert.Equal(("autonomous", "never", now.AddMinutes(5)), (changes[1].GetProperty("mode").GetString(), changes[1].GetProperty("exportRule").GetString(), At(changes[1])));
        Assert.Equal("SIM:FLAT", changes[1].GetProperty("tariffCode").GetString());
        Assert.True(changes[1].GetProperty("gridChargingAllowed").GetBoolean());
    }

    private static DateTimeOffset At(JsonElement change) => DateTimeOffset.Parse(change.GetProperty("at").GetString()!, CultureInfo.InvariantCulture);
}
