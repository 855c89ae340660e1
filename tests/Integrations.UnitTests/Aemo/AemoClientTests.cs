using System.Net;
using TeslaSync.Domain.Sites;
using TeslaSync.Integrations.Aemo;
using TeslaSync.Integrations.UnitTests.Support;

namespace TeslaSync.Integrations.UnitTests.Aemo;

/// <summary>AEMO's JSON reports: the captured 5MIN response and an ELEC_NEM_SUMMARY built from CONTRACTS §3.1.</summary>
public sealed class AemoClientTests
{
    private static readonly TimeSpan Nem = TimeSpan.FromHours(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Shape from CONTRACTS §3.1 (no verbatim capture exists), one row per region plus an unknown region.
    private const string NemSummary = """
        {"ELEC_NEM_SUMMARY":[
          {"SETTLEMENTDATE":"2026-04-08T10:35:00","REGIONID":"NSW1","PRICE":20.51022,"PRICE_STATUS":"FIRM","APCFLAG":0.0,
           "MARKETSUSPENDEDFLAG":0.0,"TOTALDEMAND":6603.05,"NETINTERCHANGE":-281.68,"SCHEDULEDGENERATION":2785.64278,
           "SEMISCHEDULEDGENERATION":3514.07722,"INTERCONNECTORFLOWS":"[{\"name\":\"N-Q-MNSP1\",\"value\":-34.0}]"},
          {"SETTLEMENTDATE":"2026-04-08T10:35:00","REGIONID":"QLD1","PRICE":-45.1,"PRICE_STATUS":"FIRM"},
          {"SETTLEMENTDATE":"2026-04-08T10:35:00","REGIONID":"VIC1","PRICE":0,"PRICE_STATUS":"FIRM"},
          {"SETTLEMENTDATE":"2026-04-08T10:35:00","REGIONID":"SA1","PRICE":15500.0,"PRICE_STATUS":"NOT FIRM"},
          {"SETTLEMENTDATE":"2026-04-08T10:35:00","REGIONID":"TAS1","PRICE":88.12,"PRICE_STATUS":"FIRM"},
          {"SETTLEMENTDATE":"2026-04-08T10:35:00","REGIONID":"SNOWY1","PRICE":1,"PRICE_STATUS":"FIRM"}],
         "ELEC_NEM_SUMMARY_PRICES":[{"REGIONID":"NSW1","RRP":20.89856,"RAISEREGRRP":4.97,"LOWERREGRRP":1.0}],
         "ELEC_NEM_SUMMARY_MARKET_NOTICE":[{"NOTICEID":140958,"EFFECTIVEDATE":"2026-04-08T10:03:48","TYPEID":"NON-CONFORMANCE","REASON":"..."}]}
        """;

    [Fact]
    public async Task NemSummary_ReturnsOnePricePerRegion_AtTheIntervalEndInUtc()
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.OK, NemSummary);

        var prices = await Clients.Aemo(handler).GetNemSummaryAsync(Ct);

        Assert.Equal(HttpMethod.Get, handler.SingleRequest.Method);
        Assert.Equal("https://visualisations.aemo.com.au/aemo/apps/api/report/ELEC_NEM_SUMMARY", handler.SingleRequest.Uri.AbsoluteUri);
        Assert.NotEmpty(handler.SingleRequest.Headers.UserAgent);
        Assert.Equal([NemRegion.NSW1, NemRegion.QLD1, NemRegion.VIC1, NemRegion.SA1, NemRegion.TAS1], prices.Select(p => p.Region));
        var end = new DateTimeOffset(2026, 4, 8, 0, 35, 0, TimeSpan.Zero);
        Assert.Equal(new RegionalPrice(NemRegion.NSW1, end, 20.51022m, true), prices[0]);
        Assert.Equal(TimeSpan.Zero, prices[0].IntervalEnd.Offset);
        Assert.Equal(-45.1m, prices[1].RrpPerMwh);
        Assert.False(prices[3].Firm);
        Assert.Equal(15500.0m, prices[3].RrpPerMwh);
    }

    [Theory]
    [InlineData("""{"ELEC_NEM_SUMMARY_PRICES":[]}""")]
    [InlineData("""{"ELEC_NEM_SUMMARY":[{"SETTLEMENTDATE":"yesterday","REGIONID":"NSW1","PRICE":1}]}""")]
    [InlineData("""{"ELEC_NEM_SUMMARY":[{"SETTLEMENTDATE":"2026-04-08T10:35:00","REGIONID":"NSW1"}]}""")]
    [InlineData("""{"ELEC_NEM_SUMMARY":[{"SETTLEMENTDATE":"2026-04-08T10:35:00","REGIONID":"NSW1","PRICE":true}]}""")]
    [InlineData("<html>Access denied</html>")]
    public async Task NemSummary_MalformedBody_IsMalformedResponse(string body)
    {
        var error = await Assert.ThrowsAsync<AemoApiException>(() =>
            Clients.Aemo(FakeHttpHandler.Returning(HttpStatusCode.OK, body)).GetNemSummaryAsync(Ct));

        Assert.True(error.IsMalformedResponse);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Status503_IsTransient()
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.ServiceUnavailable, "busy", r => r.Headers.Add("Retry-After", "30"));

        var error = await Assert.ThrowsAsync<AemoApiException>(() => Clients.Aemo(handler).GetNemSummaryAsync(Ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
    }

    [Fact]
    public async Task FiveMinuteReport_FromCapture_Has576RowsForEachOfFiveRegions()
    {
        var handler = FakeHttpHandler.ReturningFixture("aemo", "visualisations_report_5MIN_response_2021-10-08.json");

        var rows = await Clients.Aemo(handler).GetFiveMinuteReportAsync(Ct);

        var request = handler.SingleRequest;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://visualisations.aemo.com.au/aemo/apps/api/report/5MIN", request.Uri.AbsoluteUri);
        Assert.Equal("""{"timeScale":["5MIN"]}""", request.Body);
        Assert.Equal("application/json", request.ContentType);

        Assert.Equal(2880, rows.Count);
        Assert.All(Enum.GetValues<NemRegion>(), region => Assert.Equal(576, rows.Count(r => r.Region == region)));
        Assert.All(rows, r => Assert.True(r.IsActual));
        Assert.Equal(-200m, rows.Min(r => r.RrpPerMwh));
        Assert.Contains(rows, r => r.RrpPerMwh < 0 && r.Region == NemRegion.VIC1);

        var first = rows[0];
        Assert.Equal(NemRegion.NSW1, first.Region);
        Assert.Equal(new DateTimeOffset(2021, 10, 6, 15, 0, 0, Nem), first.IntervalEnd);
        Assert.Equal(TimeSpan.Zero, first.IntervalEnd.Offset);
        Assert.Equal(0m, first.RrpPerMwh);
        Assert.Equal(5941.25m, first.TotalDemandMw);

        var last = rows[^1];
        Assert.Equal(new PriceAndDemandInterval(NemRegion.VIC1, new DateTimeOffset(2021, 10, 8, 4, 55, 0, TimeSpan.Zero), -38.01m, 3492.24m, "ACTUAL"), last);
    }
}
