using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Simulator.Tesla;
using static TeslaSync.Simulator.Tests.JsonShape;

namespace TeslaSync.Simulator.Tests;

/// <summary><c>calendar_history</c> and <c>live_status</c> over HTTP, against the simulator's Powerwall model.</summary>
public sealed class TeslaEnergyHistoryTests
{
    private const string Site = "/tesla/api/1/energy_sites/2252150839614386";
    private static readonly TimeZoneInfo Adelaide = TimeZoneInfo.FindSystemTimeZoneById("Australia/Adelaide");

    /// <summary>Midnight starting Tuesday 2026-11-24 in Adelaide (ACDT).</summary>
    private static readonly DateTimeOffset Midnight = new(2026, 11, 24, 0, 0, 0, TimeSpan.FromHours(10.5));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CalendarHistoryDay_AfterADayOfLiveStatusEvery30Seconds_AgreesWithTheSamplesAndTheModel()
    {
        await using var host = await SimulatorHost.StartAsync(Midnight);
        var model = host.Services.GetRequiredService<PowerwallModel>();
        var integrated = default(EnergyFlows);
        for (var i = 0; i < 2880; i++)
        {
            var live = await host.TeslaJsonAsync($"{Site}/live_status");
            double P(string name) => live.GetProperty(name).GetDouble();
            Assert.Equal(P("load_power"), P("solar_power") + P("battery_power") + P("grid_power"));
            integrated += EnergyFlows.FromPower(P("solar_power"), P("load_power"), P("battery_power"), 30.0 / 3600);
            host.Time.Advance(TimeSpan.FromSeconds(30));
        }

        var history = await host.TeslaJsonAsync(
            $"{Site}/calendar_history?kind=energy&period=day&start_date={Query(Midnight)}&end_date={Query(Midnight.AddDays(1).AddSeconds(-1))}&time_zone=Australia%2FAdelaide");

        Assert.Equal("day", history.GetProperty("period").GetString());
        Assert.Equal("Australia/Adelaide", history.GetProperty("installation_time_zone").GetString());
        var series = history.GetProperty("time_series").EnumerateArray().ToList();
        Assert.Equal(96, series.Count);
        Assert.Equal("2026-11-24T00:00:00+10:30", series[0].GetProperty("timestamp").GetString());
        Assert.Equal("2026-11-24T23:45:00+10:30", series[^1].GetProperty("timestamp").GetString());
        var fixture = ReadFixture("tesla", "calendar_history_energy_day.json").GetProperty("response").GetProperty("time_series")[0];
        Assert.All(series, point => Assert.All(fixture.EnumerateObject().Where(p => !p.Name.StartsWith("total_", StringComparison.Ordinal)),
            key => Assert.Equal(key.Value.ValueKind, point.GetProperty(key.Name).ValueKind)));

        var served = Sum(series);
        var own = model.DayTotals(DateOnly.FromDateTime(Midnight.DateTime));
        foreach (var (name, a, b) in Pairs(own, served))
        {
            Assert.True(Math.Abs(a - b) <= 1, $"{name}: model {a:F1} Wh, calendar_history {b} Wh");
        }

        // A client integrating live_status every 30 s agrees with calendar_history within 1 %.
        foreach (var (name, a, b) in Pairs(integrated, served))
        {
            Assert.True(Math.Abs(a - b) <= Math.Max(10, b * 0.01), $"{name}: integrated {a:F1} Wh, calendar_history {b} Wh");
        }

        Assert.True(served.Home > 10_000, "a day of household load");
    }

    [Theory]
    [InlineData("week", 7)]
    [InlineData("month", 30)]
    [InlineData("year", 12)]
    public async Task CalendarHistory_LongerPeriods_DayOrMonthBucketsThatAddUp(string period, int buckets)
    {
        // Started on 1 November, read on 1 December: a whole month of model time.
        var first = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(10.5));
        await using var host = await SimulatorHost.StartAsync(first);
        host.Time.Advance(TimeSpan.FromDays(30));
        var december = first.AddDays(30);

        var start = period switch { "week" => december.AddDays(-7), "month" => first, _ => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(10.5)) };
        var end = period == "year" ? new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.FromHours(10.5)) : december.AddSeconds(-1);
        var history = await host.TeslaJsonAsync($"{Site}/calendar_history?kind=energy&period={period}&start_date={Query(start)}&end_date={Query(end)}&time_zone=Australia%2FAdelaide");
        var series = history.GetProperty("time_series").EnumerateArray().ToList();

        // The year has data in November only (the model started on the 1st).
        Assert.Equal(period == "year" ? 1 : buckets, series.Count);
        var month = await host.TeslaJsonAsync($"{Site}/calendar_history?kind=energy&period=month&start_date={Query(first)}&end_date={Query(december.AddSeconds(-1))}");
        var monthTotal = Sum(month.GetProperty("time_series").EnumerateArray());
        if (period != "week")
        {
            Assert.Equal(monthTotal, Sum(series));
        }

        var model = host.Services.GetRequiredService<PowerwallModel>();
        var own = model.Totals(first, december);
        foreach (var (name, a, b) in Pairs(own, monthTotal))
        {
            Assert.True(Math.Abs(a - b) <= 1, $"{name}: model {a:F1} Wh, calendar_history {b} Wh");
        }
    }

    [Theory]
    [InlineData("kind=energy&period=fortnight")]
    [InlineData("kind=power&period=day")]
    [InlineData("kind=energy&period=day&end_date=yesterday")]
    [InlineData("kind=energy&period=day&time_zone=Mars%2FOlympus")]
    public async Task CalendarHistory_BadQuery_Returns400Envelope(string query)
    {
        await using var host = await SimulatorHost.StartAsync(Midnight);
        using var response = await host.TeslaGetAsync($"{Site}/calendar_history?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await host.GetJsonAsync(response);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("response").ValueKind);
        Assert.Equal("invalid_field", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task CalendarHistory_Backup_NoOutages()
    {
        await using var host = await SimulatorHost.StartAsync(Midnight);
        var body = await host.TeslaJsonAsync($"{Site}/calendar_history?kind=backup&period=day");

        Assert.Empty(body.GetProperty("events").EnumerateArray());
        Assert.Equal(0, body.GetProperty("total_events").GetInt32());
    }

    [Fact]
    public async Task CalendarHistory_NoDates_TodaySoFarInQuarterHours()
    {
        await using var host = await SimulatorHost.StartAsync(Midnight);
        host.Time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(5));

        var body = await host.TeslaJsonAsync($"{Site}/calendar_history?kind=energy&period=day");

        var series = body.GetProperty("time_series").EnumerateArray().ToList();
        Assert.Equal(9, series.Count); // 00:00 … 01:45 and the started 02:00 bucket
        Assert.Equal("2026-11-24T02:00:00+10:30", series[^1].GetProperty("timestamp").GetString());
    }

    [Fact]
    public async Task SiteInfoAndLiveStatus_PowerwallThreeConfigured_ReportItsNameplate()
    {
        await using var host = await SimulatorHost.StartAsync(Midnight,
            "--Simulator:Tesla:BatteryCount=2", "--Simulator:Tesla:PowerPerBatteryW=11500", "--Simulator:Tesla:BatteryPartName=Powerwall 3");

        var info = await host.TeslaJsonAsync($"{Site}/site_info");
        var live = await host.TeslaJsonAsync($"{Site}/live_status");

        Assert.Equal(23000, info.GetProperty("nameplate_power").GetInt32());
        Assert.Equal(27000, info.GetProperty("nameplate_energy").GetInt32());
        var battery = info.GetProperty("components").GetProperty("batteries")[1];
        Assert.Equal("Powerwall 3", battery.GetProperty("part_name").GetString());
        Assert.Equal(11500, battery.GetProperty("nameplate_max_discharge_power").GetInt32());
        Assert.Equal(27000, live.GetProperty("total_pack_energy").GetDouble());
        Assert.Equal(50, live.GetProperty("percentage_charged").GetDouble());
    }

    [Fact]
    public async Task SimPowerwall_AfterResetAndAModeChange_ShowsWhatItRunsOn()
    {
        await using var host = await SimulatorHost.StartAsync(Midnight);
        host.Time.Advance(TimeSpan.FromHours(3));
        using var reset = await host.Http.PostAsync("/sim/reset", null, Ct);
        using var post = await host.TeslaPostAsync($"{Site}/operation", """{"default_real_mode":"backup"}""");
        host.Time.Advance(TimeSpan.FromMinutes(10));

        var status = await host.GetJsonAsync(await host.Http.GetAsync($"/sim/tesla/energy_sites/{SimulatorHost.EnergySiteId}/powerwall", Ct));

        Assert.Equal(Midnight.AddHours(3), status.GetProperty("since").GetDateTimeOffset());
        Assert.Equal("backup", status.GetProperty("mode").GetString());
        Assert.Equal("ChargeFromGrid", status.GetProperty("intent").GetString());
        Assert.Equal(-5000, status.GetProperty("batteryPowerW").GetDouble());
        Assert.True(status.GetProperty("totalsWh").GetProperty("gridToBattery").GetDouble() > 800);
    }

    private static string Query(DateTimeOffset instant) =>
        Uri.EscapeDataString(TimeZoneInfo.ConvertTime(instant, Adelaide).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));

    private static EnergyFlows Sum(IEnumerable<JsonElement> series)
    {
        var total = default(EnergyFlows);
        foreach (var p in series)
        {
            double V(string name) => p.GetProperty(name).GetDouble();
            total += new EnergyFlows(
                V("consumer_energy_imported_from_solar"), V("battery_energy_imported_from_solar"), V("grid_energy_exported_from_solar"),
                V("consumer_energy_imported_from_battery"), V("grid_energy_exported_from_battery"),
                V("consumer_energy_imported_from_grid"), V("battery_energy_imported_from_grid"));
            Assert.Equal(V("solar_energy_exported"), V("consumer_energy_imported_from_solar") + V("battery_energy_imported_from_solar") + V("grid_energy_exported_from_solar"));
            Assert.Equal(V("grid_energy_imported"), V("consumer_energy_imported_from_grid") + V("battery_energy_imported_from_grid"));
            Assert.Equal(V("battery_energy_exported"), V("consumer_energy_imported_from_battery") + V("grid_energy_exported_from_battery"));
        }

        return total;
    }

    private static IEnumerable<(string Name, double A, double B)> Pairs(EnergyFlows a, EnergyFlows b) =>
    [
        ("solar", a.Solar, b.Solar), ("home", a.Home, b.Home), ("grid import", a.GridImport, b.GridImport),
        ("grid export", a.GridExport, b.GridExport), ("battery charge", a.BatteryCharge, b.BatteryCharge),
        ("battery discharge", a.BatteryDischarge, b.BatteryDischarge), ("solar to battery", a.SolarToBattery, b.SolarToBattery),
        ("grid to battery", a.GridToBattery, b.GridToBattery), ("battery to grid", a.BatteryToGrid, b.BatteryToGrid),
    ];
}
