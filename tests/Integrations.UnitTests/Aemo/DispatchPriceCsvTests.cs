using System.Globalization;
using System.IO.Compression;
using TeslaSync.Domain.Sites;
using TeslaSync.Integrations.Aemo;

namespace TeslaSync.Integrations.UnitTests.Aemo;

/// <summary>NEMWeb C/I/D CSV: the quoted live layout from CONTRACTS §3.3 and real unquoted MMSDM archives.</summary>
public sealed class DispatchPriceCsvTests
{
    private static readonly TimeSpan Nem = TimeSpan.FromHours(10);

    // CONTRACTS §3.3 sample (live DISPATCHIS layout), plus an intervention row and a REGIONSUM table that must be ignored.
    private const string LiveSample = """
        C,NEMP.WORLD,DISPATCHIS,AEMO,PUBLIC,2026/05/29,11:05:12,0000000519886550,DISPATCHIS,0000000519886549
        I,DISPATCH,PRICE,5,SETTLEMENTDATE,RUNNO,REGIONID,DISPATCHINTERVAL,INTERVENTION,RRP,EEP,ROP,APCFLAG,MARKETSUSPENDEDFLAG,LASTCHANGED,PRICE_STATUS
        D,DISPATCH,PRICE,5,"2026/05/29 11:10:00",1,NSW1,20260529086,0,91.89,0,91.89,0,0,"2026/05/29 11:05:08",FIRM
        D,DISPATCH,PRICE,5,"2026/05/29 11:10:00",1,QLD1,20260529086,0,40.02,0,40.02,0,0,"2026/05/29 11:05:08",FIRM
        D,DISPATCH,PRICE,5,"2026/05/29 11:10:00",1,QLD1,20260529086,1,41.00,0,41.00,0,0,"2026/05/29 11:05:08",FIRM
        I,DISPATCH,REGIONSUM,9,SETTLEMENTDATE,RUNNO,REGIONID,DISPATCHINTERVAL,INTERVENTION,TOTALDEMAND,AVAILABLEGENERATION
        D,DISPATCH,REGIONSUM,9,"2026/05/29 11:10:00",1,NSW1,20260529086,0,7012.5,9000
        C,"END OF REPORT",8
        """;

    [Fact]
    public void LiveSample_QuotedTimestamps_ParsesPriceRowsOnly()
    {
        var prices = DispatchPriceCsv.Parse(new StringReader(LiveSample));

        var end = new DateTimeOffset(2026, 5, 29, 11, 10, 0, Nem);
        Assert.Equal(
            [new RegionalPrice(NemRegion.NSW1, end, 91.89m, true), new RegionalPrice(NemRegion.QLD1, end, 40.02m, true)],
            prices);
        Assert.All(prices, p => Assert.Equal(TimeSpan.Zero, p.IntervalEnd.Offset));
    }

    [Fact]
    public void ColumnPositions_ComeFromTheHeaderRow()
    {
        const string reordered = """
            I,DISPATCH,PRICE,6,RRP,REGIONID,PRICE_STATUS,INTERVENTION,SETTLEMENTDATE
            D,DISPATCH,PRICE,6,-12.5,SA1,NOT FIRM,0,"2026/05/29 11:15:00"
            """;

        var price = Assert.Single(DispatchPriceCsv.Parse(new StringReader(reordered)));

        Assert.Equal(new RegionalPrice(NemRegion.SA1, new DateTimeOffset(2026, 5, 29, 11, 15, 0, Nem), -12.5m, false), price);
    }

    [Fact]
    public void BadNumber_FailsWithTheLineNumber()
    {
        const string bad = """
            C,header
            I,DISPATCH,PRICE,5,SETTLEMENTDATE,REGIONID,INTERVENTION,RRP
            D,DISPATCH,PRICE,5,2026/05/29 11:15:00,SA1,0,abc
            """;

        var error = Assert.Throws<FormatException>(() => DispatchPriceCsv.Parse(new StringReader(bad)));

        Assert.Contains("Line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataBeforeHeader_Fails()
    {
        Assert.Throws<FormatException>(() =>
            DispatchPriceCsv.Parse(new StringReader("D,DISPATCH,PRICE,5,2026/05/29 11:15:00,SA1,0,1")));
    }

    [Fact]
    public void MmsdmArchive2018_UnquotedWithInterventionRows_Keeps1440PerRegion()
    {
        var prices = ParseArchive("PUBLIC_DVD_DISPATCHPRICE_201804010000.zip");

        // The file holds 1,231 more rows per region with INTERVENTION = 1; they are what-if prices.
        Assert.Equal(1440, prices.Count(p => p.Region == NemRegion.NSW1));
        Assert.Equal(1440, prices.Count(p => p.Region == NemRegion.SA1));
        Assert.Equal(2880, prices.Count);
        Assert.Equal(new RegionalPrice(NemRegion.NSW1, new DateTimeOffset(2018, 4, 1, 0, 5, 0, Nem), 67.58327m, true), prices[0]);
        Assert.Equal(new RegionalPrice(NemRegion.SA1, new DateTimeOffset(2018, 4, 1, 0, 5, 0, Nem), 89.0001m, true), prices[1]);
    }

    [Fact]
    public void MmsdmArchive2025_ParsesUnderAnyCulture_WithKnownExtremes()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE"); // decimal comma: parsing must stay invariant
        try
        {
            var prices = ParseArchive("PUBLIC_ARCHIVE%23DISPATCHPRICE%23FILE01%23202501010000.zip");

            Assert.Equal(1440, prices.Count(p => p.Region == NemRegion.NSW1));
            Assert.Equal(1440, prices.Count(p => p.Region == NemRegion.SA1));
            Assert.All(prices, p => Assert.True(p.Firm));
            Assert.Equal(new RegionalPrice(NemRegion.NSW1, new DateTimeOffset(2025, 1, 1, 0, 5, 0, Nem), 138.0279m, true), prices[0]);
            var highest = prices.MaxBy(p => p.RrpPerMwh)!;
            Assert.Equal(new RegionalPrice(NemRegion.NSW1, new DateTimeOffset(2025, 1, 1, 12, 10, 0, TimeSpan.Zero), 1509.99663m, true), highest);
            Assert.Equal(-368.93414m, prices.Where(p => p.Region == NemRegion.SA1).Min(p => p.RrpPerMwh));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void TradingPriceArchive_HasNoDispatchPriceRows()
    {
        Assert.Empty(ParseArchive("PUBLIC_DVD_TRADINGPRICE_202407010000.zip"));
    }

    private static IReadOnlyList<RegionalPrice> ParseArchive(string zipName)
    {
        using var archive = ZipFile.OpenRead(SharedFolder.Data("aemo", "UNSW-CEEM_NEMOSIS_fixtures", zipName));
        var entry = Assert.Single(archive.Entries);
        using var reader = new StreamReader(entry.Open());
        return DispatchPriceCsv.Parse(reader);
    }
}
