using System.Globalization;
using System.Net;
using System.Text.Json;
using static TeslaSync.Simulator.Tests.JsonShape;

namespace TeslaSync.Simulator.Tests;

public sealed class AemoTests
{
    private const string Reports = "/aemo/aemo/apps/api/report";

    [Fact]
    public async Task ElecNemSummary_Now_OneRowPerRegionForCurrentDispatchInterval()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike.AddMinutes(15)); // 13:17 NEM
        using var response = await host.Http.GetAsync($"{Reports}/ELEC_NEM_SUMMARY", TestContext.Current.CancellationToken);
        var body = await host.GetJsonAsync(response);

        Assert.Equal(["ELEC_NEM_SUMMARY", "ELEC_NEM_SUMMARY_PRICES", "ELEC_NEM_SUMMARY_MARKET_NOTICE"], Keys(body));
        var rows = body.GetProperty("ELEC_NEM_SUMMARY").EnumerateArray().ToList();
        Assert.Equal(["NSW1", "QLD1", "SA1", "TAS1", "VIC1"], rows.Select(r => r.GetProperty("REGIONID").GetString()));
        var intervalStart = new DateTimeOffset(2026, 11, 23, 13, 15, 0, TimeSpan.FromHours(10));
        foreach (var row in rows)
        {
            Assert.Equal(
                ["SETTLEMENTDATE", "REGIONID", "PRICE", "PRICE_STATUS", "APCFLAG", "MARKETSUSPENDEDFLAG", "TOTALDEMAND", "NETINTERCHANGE",
                 "SCHEDULEDGENERATION", "SEMISCHEDULEDGENERATION", "INTERCONNECTORFLOWS"],
                Keys(row));
            Assert.Equal("2026-11-23T13:20:00", row.GetProperty("SETTLEMENTDATE").GetString());
            Assert.Equal(ReplayedWeek.Rrp(row.GetProperty("REGIONID").GetString()!, intervalStart), row.GetProperty("PRICE").GetDouble(), 0.00001);
            Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(row.GetProperty("INTERCONNECTORFLOWS").GetString()!).RootElement.ValueKind);
        }

        var prices = body.GetProperty("ELEC_NEM_SUMMARY_PRICES").EnumerateArray().ToList();
        Assert.Equal(5, prices.Count);
        Assert.All(prices, p => Assert.Equal(["REGIONID", "RRP"], Keys(p).Take(2)));
        Assert.Equal(JsonValueKind.Array, body.GetProperty("ELEC_NEM_SUMMARY_MARKET_NOTICE").ValueKind);
    }

    [Fact]
    public async Task ElecNemSummary_DuringReplayedCap_Sa1At15100()
    {
        await using var host = await SimulatorHost.StartAsync(new DateTimeOffset(2026, 11, 23, 12, 17, 0, TimeSpan.FromHours(10)));
        using var response = await host.Http.GetAsync($"{Reports}/ELEC_NEM_SUMMARY", TestContext.Current.CancellationToken);
        var sa1 = (await host.GetJsonAsync(response)).GetProperty("ELEC_NEM_SUMMARY").EnumerateArray()
            .Single(r => r.GetProperty("REGIONID").GetString() == "SA1");
        Assert.Equal(15100, sa1.GetProperty("PRICE").GetDouble());
        Assert.Equal("2026-11-23T12:20:00", sa1.GetProperty("SETTLEMENTDATE").GetString());
    }

    [Fact]
    public async Task FiveMinute_WithBody_48HoursOfActualRowsShapedLikeCapture()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike); // 13:02 NEM
        using var content = new StringContent("""{"timescale":["5MIN"]}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await host.Http.PostAsync($"{Reports}/5MIN", content, TestContext.Current.CancellationToken);
        var rows = (await host.GetJsonAsync(response)).GetProperty("5MIN").EnumerateArray().ToList();

        var capture = ReadFixture("aemo", "visualisations_report_5MIN_response_2021-10-08.json").GetProperty("5MIN");
        Assert.Equal(capture.GetArrayLength(), rows.Count);
        Assert.All(rows, r => Assert.Equal(Keys(capture[0]), Keys(r)));
        Assert.All(rows, r => Assert.Equal("ACTUAL", r.GetProperty("PERIODTYPE").GetString()));
        Assert.Equal("NSW1", rows[0].GetProperty("REGIONID").GetString());
        Assert.Equal("2026-11-21T13:05:00", rows[0].GetProperty("SETTLEMENTDATE").GetString());
        Assert.Equal("2026-11-23T13:00:00", rows[575].GetProperty("SETTLEMENTDATE").GetString());
        Assert.Equal("VIC1", rows[^1].GetProperty("REGIONID").GetString());

        var raw = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("\"RRP\":", raw, StringComparison.Ordinal);
        foreach (var row in rows.Where((_, i) => i % 97 == 0))
        {
            var end = DateTimeOffset.ParseExact(row.GetProperty("SETTLEMENTDATE").GetString()! + "+10:00", "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            Assert.Equal(ReplayedWeek.Rrp(row.GetProperty("REGIONID").GetString()!, end.AddMinutes(-5)), row.GetProperty("RRP").GetDouble(), 0.00001);
        }
    }

    [Fact]
    public async Task FiveMinute_MissingBody_Returns500LikeAemo()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var content = new StringContent("", System.Text.Encoding.UTF8, "application/json");
        using var response = await host.Http.PostAsync($"{Reports}/5MIN", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }
}
