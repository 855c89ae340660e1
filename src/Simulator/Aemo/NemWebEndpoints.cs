using System.Globalization;
using System.Text;
using TeslaSync.Simulator.Market;

namespace TeslaSync.Simulator.Aemo;

/// <summary>
/// NEMWeb's live dispatch directory under <c>/nemweb</c> (CONTRACTS §3.3): an IIS-style listing page and the
/// <c>PUBLIC_DISPATCHIS_*.zip</c> files it links to, built from the replayed week.
/// </summary>
public static class NemWebEndpoints
{
    public const string DirectoryPath = "/nemweb/Reports/Current/DispatchIS_Reports/";

    /// <summary>Files listed: the last two hours (NEMWeb keeps about three months; clients only need the newest).</summary>
    public const int ListedFiles = 24;

    public static IEndpointRouteBuilder MapNemWebEndpoints(this IEndpointRouteBuilder app, AemoFaultQueue faults)
    {
        app.MapGet(DirectoryPath, (HttpContext http, TimeProvider time) =>
            AemoEndpoints.Respond(http, faults, time.GetUtcNow(), (now, _) => Results.Content(Listing(now), "text/html")));

        app.MapGet(DirectoryPath + "{file}", (HttpContext http, string file, MarketPriceSeries series, TimeProvider time) =>
            AemoEndpoints.Respond(http, faults, time.GetUtcNow(), (now, _) =>
                DispatchIsReport.IntervalOf(file, now) is { } end
                    ? Results.File(DispatchIsReport.Zip(series, end), "application/x-zip-compressed")
                    : Results.NotFound()));

        return app;
    }

    /// <summary>The directory page as NEMWeb's IIS renders it: absolute-path anchors, oldest first.</summary>
    public static string Listing(DateTimeOffset now)
    {
        var newest = DispatchIsReport.NewestIntervalEnd(now);
        var page = new StringBuilder();
        page.Append(CultureInfo.InvariantCulture,
            $"<html><head><title>nemweb.com.au - /Reports/Current/DispatchIS_Reports/</title></head><body><H1>nemweb.com.au - /Reports/Current/DispatchIS_Reports/</H1><hr>\r\n\r\n<pre><A HREF=\"/nemweb/Reports/Current/\">[To Parent Directory]</A><br><br>");
        for (var i = ListedFiles - 1; i >= 0; i--)
        {
            var end = newest - (i * NemTime.FiveMinutes);
            var name = DispatchIsReport.FileName(end);
            var written = NemTime.ToNem(end - NemTime.FiveMinutes).ToString("dddd, MMMM d, yyyy h:mm tt", CultureInfo.InvariantCulture);
            page.Append(CultureInfo.InvariantCulture, $"{written,40}        21024 <A HREF=\"{DirectoryPath}{name}\">{name}</A><br>");
        }

        page.Append("</pre><hr></body></html>");
        return page.ToString();
    }
}
