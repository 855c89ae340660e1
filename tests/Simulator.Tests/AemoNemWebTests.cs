using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using TeslaSync.Simulator.Aemo;

namespace TeslaSync.Simulator.Tests;

/// <summary>The NEMWeb DISPATCHIS double (CONTRACTS §3.3) and the AEMO fault queue.</summary>
public sealed partial class AemoNemWebTests
{
    private const string Directory = "/nemweb/Reports/Current/DispatchIS_Reports/";
    private const string Summary = "/aemo/aemo/apps/api/report/ELEC_NEM_SUMMARY";
    private static readonly TimeSpan Nem = TimeSpan.FromHours(10);

    /// <summary>12:17 NEM on the replayed Monday: the interval in progress (12:15–12:20) is SA1's 15,100 $/MWh.</summary>
    private static readonly DateTimeOffset DuringCap = new(2026, 11, 23, 12, 17, 0, Nem);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Listing_Now_LinksTwoHoursOfFilesEndingWithTheIntervalInProgress()
    {
        await using var host = await SimulatorHost.StartAsync(DuringCap);

        var links = await LinksAsync(host);

        Assert.Equal(NemWebEndpoints.ListedFiles, links.Count);
        Assert.All(links, l => Assert.StartsWith(Directory + "PUBLIC_DISPATCHIS_", l, StringComparison.Ordinal));
        Assert.Matches(@"PUBLIC_DISPATCHIS_202611231220_\d{16}\.zip$", links[^1]);
        Assert.Matches(@"PUBLIC_DISPATCHIS_202611231025_\d{16}\.zip$", links[0]);
        Assert.Equal(links.Order(StringComparer.Ordinal), links);
    }

    [Fact]
    public async Task DispatchZip_DuringReplayedCap_QuotedLiveCsvWithTheSummaryPrices()
    {
        await using var host = await SimulatorHost.StartAsync(DuringCap);
        var newest = (await LinksAsync(host))[^1];

        using var response = await host.Http.GetAsync(newest, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(Ct));
        var entry = Assert.Single(zip.Entries);
        Assert.Equal(Path.GetFileNameWithoutExtension(newest) + ".CSV", entry.Name);
        using var reader = new StreamReader(entry.Open());
        var lines = (await reader.ReadToEndAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("C,NEMP.WORLD,DISPATCHIS,AEMO,PUBLIC,2026/11/23,12:15:", lines[0], StringComparison.Ordinal);
        Assert.Equal($"C,\"END OF REPORT\",{lines.Length}", lines[^1]);
        var prices = lines.Where(l => l.StartsWith("D,DISPATCH,PRICE,", StringComparison.Ordinal)).Select(l => l.Split(',')).ToList();
        var firm = prices.Where(f => f[8] == "0").ToList();
        Assert.Equal(["NSW1", "QLD1", "SA1", "TAS1", "VIC1"], firm.Select(f => f[6]));
        Assert.All(firm, f => Assert.Equal("\"2026/11/23 12:20:00\"", f[4]));
        Assert.All(firm, f => Assert.Equal("20261123100", f[7])); // 100th interval of the trading day that began at 04:00
        foreach (var row in firm)
        {
            Assert.Equal(ReplayedWeek.Rrp(row[6], DuringCap.AddMinutes(-2)), double.Parse(row[9], System.Globalization.CultureInfo.InvariantCulture), 0.00001);
        }

        Assert.Equal("15100", firm.Single(f => f[6] == "SA1")[9]);
        Assert.Single(prices, f => f[8] == "1"); // an intervention what-if row, to be ignored
        Assert.Contains(lines, l => l.StartsWith("I,DISPATCH,REGIONSUM,", StringComparison.Ordinal));
        Assert.Equal(5, lines.Count(l => l.StartsWith("D,DISPATCH,REGIONSUM,", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task DispatchZip_FutureOrUnknownFile_NotFound()
    {
        await using var host = await SimulatorHost.StartAsync(DuringCap);
        var newest = (await LinksAsync(host))[^1];
        var future = DispatchIsReport.FileName(new DateTimeOffset(2026, 11, 23, 12, 25, 0, Nem));

        using var ahead = await host.Http.GetAsync(Directory + future, Ct);
        using var wrongSequence = await host.Http.GetAsync(SequenceDigits().Replace(newest, "_0000000000000001.zip"), Ct);

        Assert.Equal(HttpStatusCode.NotFound, ahead.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongSequence.StatusCode);
    }

    [Fact]
    public async Task Faults_ServerErrorThenMalformed_EachServedOnceThenNormal()
    {
        await using var host = await SimulatorHost.StartAsync(DuringCap);
        await InjectAsync(host, AemoFault.ServerError(), AemoFault.Malformed());

        using var first = await host.Http.GetAsync(Summary, Ct);
        using var second = await host.Http.GetAsync(Summary, Ct);
        using var third = await host.Http.GetAsync(Summary, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => host.GetJsonAsync(second));
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(5, (await host.GetJsonAsync(third)).GetProperty("ELEC_NEM_SUMMARY").GetArrayLength());
    }

    [Fact]
    public async Task Faults_Stale_ServesTheReportOfAnEarlierInterval()
    {
        await using var host = await SimulatorHost.StartAsync(DuringCap);
        await InjectAsync(host, AemoFault.Stale(30));

        using var response = await host.Http.GetAsync(Summary, Ct);

        var rows = (await host.GetJsonAsync(response)).GetProperty("ELEC_NEM_SUMMARY").EnumerateArray().ToList();
        Assert.All(rows, r => Assert.Equal("2026-11-23T11:50:00", r.GetProperty("SETTLEMENTDATE").GetString()));
    }

    [Fact]
    public async Task Faults_Provisional_OneRegionNotFirmAtTheScriptedPriceThenFirm()
    {
        await using var host = await SimulatorHost.StartAsync(DuringCap);
        await InjectAsync(host, AemoFault.Provisional("SA1", 123.45));

        using var provisional = await host.Http.GetAsync(Summary, Ct);
        using var firm = await host.Http.GetAsync(Summary, Ct);

        var rows = (await host.GetJsonAsync(provisional)).GetProperty("ELEC_NEM_SUMMARY").EnumerateArray()
            .ToDictionary(r => r.GetProperty("REGIONID").GetString()!);
        Assert.Equal("NOT FIRM", rows["SA1"].GetProperty("PRICE_STATUS").GetString());
        Assert.Equal(123.45, rows["SA1"].GetProperty("PRICE").GetDouble());
        Assert.Equal("FIRM", rows["NSW1"].GetProperty("PRICE_STATUS").GetString());
        var sa1 = (await host.GetJsonAsync(firm)).GetProperty("ELEC_NEM_SUMMARY").EnumerateArray().Single(r => r.GetProperty("REGIONID").GetString() == "SA1");
        Assert.Equal(("FIRM", 15100.0), (sa1.GetProperty("PRICE_STATUS").GetString(), sa1.GetProperty("PRICE").GetDouble()));
    }

    [Fact]
    public async Task Faults_NemWebPath_AppliesToTheListingNotTheJson()
    {
        await using var host = await SimulatorHost.StartAsync(DuringCap);
        await InjectAsync(host, AemoFault.ServerError(503, "/nemweb/**"));

        using var json = await host.Http.GetAsync(Summary, Ct);
        using var listing = await host.Http.GetAsync(Directory, Ct);

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, listing.StatusCode);
    }

    [Fact]
    public async Task Faults_UnknownKind_BadRequest()
    {
        await using var host = await SimulatorHost.StartAsync(DuringCap);
        using var response = await host.Http.PostAsJsonAsync("/sim/aemo/faults", new[] { new AemoFault("explode") }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<List<string>> LinksAsync(SimulatorHost host)
    {
        var html = await host.Http.GetStringAsync(Directory, Ct);
        return AnchorToZip().Matches(html).Select(m => m.Groups[1].Value).ToList();
    }

    private static async Task InjectAsync(SimulatorHost host, params AemoFault[] faults)
    {
        using var response = await host.Http.PostAsJsonAsync("/sim/aemo/faults", faults, Ct);
        response.EnsureSuccessStatusCode();
    }

    [GeneratedRegex("<A HREF=\"([^\"]+\\.zip)\">")]
    private static partial Regex AnchorToZip();

    [GeneratedRegex(@"_\d{16}\.zip$")]
    private static partial Regex SequenceDigits();
}
