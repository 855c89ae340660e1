using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Domain.Sites;
using TeslaSync.Integrations.Aemo;
using TeslaSync.Integrations.UnitTests.Support;

namespace TeslaSync.Integrations.UnitTests.Aemo;

/// <summary>NEMWeb's live DISPATCHIS directory: listing, newest file, zip, CSV (CONTRACTS §3.3).</summary>
public sealed partial class NemWebClientTests
{
    private const string Directory = "https://nemweb.com.au/Reports/Current/DispatchIS_Reports/";
    private static readonly TimeSpan Nem = TimeSpan.FromHours(10);

    // CONTRACTS §3.3 live sample with both regions, an intervention row and a REGIONSUM table.
    private const string LiveCsv = """
        C,NEMP.WORLD,DISPATCHIS,AEMO,PUBLIC,2026/05/29,11:05:12,0000000519886550,DISPATCHIS,0000000519886549
        I,DISPATCH,PRICE,5,SETTLEMENTDATE,RUNNO,REGIONID,DISPATCHINTERVAL,INTERVENTION,RRP,EEP,ROP,APCFLAG,MARKETSUSPENDEDFLAG,LASTCHANGED,PRICE_STATUS
        D,DISPATCH,PRICE,5,"2026/05/29 11:10:00",1,NSW1,20260529086,0,91.89,0,91.89,0,0,"2026/05/29 11:05:08",FIRM
        D,DISPATCH,PRICE,5,"2026/05/29 11:10:00",1,QLD1,20260529086,0,40.02,0,40.02,0,0,"2026/05/29 11:05:08",FIRM
        D,DISPATCH,PRICE,5,"2026/05/29 11:10:00",1,QLD1,20260529086,1,41.00,0,41.00,0,0,"2026/05/29 11:05:08",FIRM
        I,DISPATCH,REGIONSUM,9,SETTLEMENTDATE,RUNNO,REGIONID,DISPATCHINTERVAL,INTERVENTION,TOTALDEMAND
        D,DISPATCH,REGIONSUM,9,"2026/05/29 11:10:00",1,NSW1,20260529086,0,7012.5
        C,"END OF REPORT",8
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetLatestDispatchPrices_IisListing_ReadsTheNewestFile()
    {
        // Out of order on purpose, with a re-issued file (higher sequence) for the newest interval.
        var listing = Listing(
            "/Reports/Current/DispatchIS_Reports/PUBLIC_DISPATCHIS_202605291110_0000000519886550.zip",
            "/Reports/Current/DispatchIS_Reports/PUBLIC_DISPATCHIS_202605291105_0000000519886549.zip",
            "/Reports/Current/DispatchIS_Reports/PUBLIC_DISPATCHIS_202605291110_0000000519886551.zip",
            "/Reports/Current/DispatchIS_Reports/PUBLIC_DISPATCHIS_202605291100_0000000519886548.zip");
        var handler = Serving(listing, Zip("PUBLIC_DISPATCHIS_202605291110_0000000519886551.CSV", LiveCsv));

        var file = await Client(handler).GetLatestDispatchPricesAsync(Ct);

        Assert.Equal("PUBLIC_DISPATCHIS_202605291110_0000000519886551.zip", file.FileName);
        Assert.Equal([Directory, Directory + file.FileName], handler.Requests.Select(r => r.Uri.AbsoluteUri));
        Assert.All(handler.Requests, r => Assert.NotEmpty(r.Headers.UserAgent)); // NEMWeb may 403 without one
        var end = new DateTimeOffset(2026, 5, 29, 11, 10, 0, Nem);
        Assert.Equal([new RegionalPrice(NemRegion.NSW1, end, 91.89m, true), new RegionalPrice(NemRegion.QLD1, end, 40.02m, true)], file.Prices);
    }

    [Fact]
    public async Task GetLatestDispatchPrices_RelativeLinksAndBasePath_ResolveUnderTheConfiguredRoot()
    {
        var handler = Serving(Listing("PUBLIC_DISPATCHIS_202605291110_0000000519886550.zip"), Zip("a.CSV", LiveCsv));

        await Client(handler, "http://127.0.0.1:5000/nemweb").GetLatestDispatchPricesAsync(Ct);

        Assert.Equal(
            ["http://127.0.0.1:5000/nemweb/Reports/Current/DispatchIS_Reports/",
             "http://127.0.0.1:5000/nemweb/Reports/Current/DispatchIS_Reports/PUBLIC_DISPATCHIS_202605291110_0000000519886550.zip"],
            handler.Requests.Select(r => r.Uri.AbsoluteUri));
    }

    [Fact]
    public async Task GetLatestDispatchPrices_ListingWithoutDispatchFiles_IsMalformed()
    {
        var handler = Serving(Listing("/Reports/Current/DispatchIS_Reports/PUBLIC_DISPATCHIS_20260529.zip"), []);

        var error = await Assert.ThrowsAsync<AemoApiException>(() => Client(handler).GetLatestDispatchPricesAsync(Ct));

        Assert.True(error.IsMalformedResponse);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("readme.txt", "hello")]
    [InlineData("a.CSV", "C,header\nI,DISPATCH,REGIONSUM,9,SETTLEMENTDATE\n")]
    [InlineData("a.CSV", "I,DISPATCH,PRICE,5,SETTLEMENTDATE,REGIONID,INTERVENTION,RRP\nD,DISPATCH,PRICE,5,2026/05/29 11:15:00,SA1,0,abc\n")]
    public async Task GetLatestDispatchPrices_ZipWithoutUsablePrices_IsMalformed(string entryName, string content)
    {
        var handler = Serving(Listing("PUBLIC_DISPATCHIS_202605291110_0000000519886550.zip"), Zip(entryName, content));

        var error = await Assert.ThrowsAsync<AemoApiException>(() => Client(handler).GetLatestDispatchPricesAsync(Ct));

        Assert.True(error.IsMalformedResponse);
    }

    [Fact]
    public async Task GetLatestDispatchPrices_NotAZip_IsMalformed()
    {
        var handler = Serving(Listing("PUBLIC_DISPATCHIS_202605291110_0000000519886550.zip"), Encoding.UTF8.GetBytes("<html>moved</html>"));

        var error = await Assert.ThrowsAsync<AemoApiException>(() => Client(handler).GetLatestDispatchPricesAsync(Ct));

        Assert.True(error.IsMalformedResponse);
    }

    [Fact]
    public async Task GetLatestDispatchPrices_Unavailable_IsTransient()
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.ServiceUnavailable, "busy");

        var error = await Assert.ThrowsAsync<AemoApiException>(() => Client(handler).GetLatestDispatchPricesAsync(Ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task GetLatestDispatchPrices_RealArchiveRowsQuotedLikeLiveFiles_SameAsUnquotedArchive()
    {
        // Real MMSDM rows (NEMOSIS fixture, unquoted), re-written with quoted timestamps as the live files carry them.
        using var archive = ZipFile.OpenRead(SharedFolder.Data("aemo", "UNSW-CEEM_NEMOSIS_fixtures", "PUBLIC_ARCHIVE%23DISPATCHPRICE%23FILE01%23202501010000.zip"));
        using var reader = new StreamReader(Assert.Single(archive.Entries).Open());
        var unquoted = string.Join('\n', Enumerable.Range(0, 300).Select(_ => reader.ReadLine()).TakeWhile(l => l is not null));
        var quoted = Timestamp().Replace(unquoted, "\"$0\"");
        Assert.NotEqual(unquoted, quoted);
        var handler = Serving(Listing("PUBLIC_DISPATCHIS_202501011205_0000000123456789.zip"), Zip("a.CSV", quoted));

        var file = await Client(handler).GetLatestDispatchPricesAsync(Ct);

        var expected = DispatchPriceCsv.Parse(new StringReader(unquoted));
        Assert.True(expected.Count > 200);
        Assert.Equal(expected, file.Prices);
        Assert.Equal(new RegionalPrice(NemRegion.NSW1, new DateTimeOffset(2025, 1, 1, 0, 5, 0, Nem), 138.0279m, true), file.Prices[0]);
    }

    private static INemWebClient Client(FakeHttpHandler handler, string? baseUrl = null)
    {
        var services = new ServiceCollection();
        services.AddNemWebClient(o => o.NemWebBaseUrl = baseUrl ?? o.NemWebBaseUrl).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider().GetRequiredService<INemWebClient>();
    }

    /// <summary>The directory page for requests ending in '/', the zip for everything else.</summary>
    private static FakeHttpHandler Serving(string listing, byte[] zip) => FakeHttpHandler.Responding(request =>
        request.RequestUri!.AbsolutePath.EndsWith('/')
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(listing, Encoding.UTF8, "text/html") }
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(zip) });

    /// <summary>NEMWeb's IIS directory listing layout.</summary>
    private static string Listing(params string[] hrefs) =>
        "<html><head><title>nemweb.com.au - /Reports/Current/DispatchIS_Reports/</title></head><body><H1>nemweb.com.au - /Reports/Current/DispatchIS_Reports/</H1><hr>\r\n\r\n" +
        "<pre><A HREF=\"/Reports/Current/\">[To Parent Directory]</A><br><br>" +
        string.Concat(hrefs.Select(h => $" Friday, May 29, 2026 11:05 AM        21024 <A HREF=\"{h}\">{h.Split('/')[^1]}</A><br>")) +
        "</pre><hr></body></html>";

    private static byte[] Zip(string entryName, string content)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry(entryName).Open()))
        {
            writer.Write(content);
        }

        return buffer.ToArray();
    }

    [GeneratedRegex(@"\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}")]
    private static partial Regex Timestamp();
}
