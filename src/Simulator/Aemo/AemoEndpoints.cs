using System.Globalization;
using System.Text.Json;
using TeslaSync.Simulator.Amber;
using TeslaSync.Simulator.Market;

namespace TeslaSync.Simulator.Aemo;

/// <summary>
/// AEMO's visualisation API under <c>/aemo</c> (CONTRACTS §3.1, §3.2), fed by the same replayed week
/// as the Amber prices, so an AEMO spike and an Amber spike happen together.
/// </summary>
public static class AemoEndpoints
{
    /// <summary>AEMO lists regions alphabetically (as in the 5MIN capture).</summary>
    public static readonly IReadOnlyList<string> Regions = ["NSW1", "QLD1", "SA1", "TAS1", "VIC1"];

    /// <summary>Rows per region in the 5MIN report: 48 hours of 5-minute intervals, as captured.</summary>
    public const int FiveMinuteRows = 576;

    public static IEndpointRouteBuilder MapAemoEndpoints(this IEndpointRouteBuilder app)
    {
        // Created here rather than registered in SimulatorApp so the AEMO doubles stay self-contained;
        // one queue per simulator instance (tests clear it with DELETE /sim/aemo/faults).
        var faults = new AemoFaultQueue();
        var reports = app.MapGroup("/aemo/aemo/apps/api/report");

        reports.MapGet("/ELEC_NEM_SUMMARY", (HttpContext http, MarketPriceSeries series, TimeProvider time) =>
            Respond(http, faults, time.GetUtcNow(), (now, fault) => Results.Content(Summary(series, now, fault), "application/json")));

        reports.MapPost("/5MIN", async (HttpRequest request, MarketPriceSeries series, TimeProvider time) =>
        {
            // The real endpoint answers 500 when the {"timescale":["5MIN"]} body is missing.
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            return Respond(request.HttpContext, faults, time.GetUtcNow(), (now, _) => AsksForFiveMinutes(body)
                ? Results.Content(FiveMinuteReport(series, now), "application/json")
                : Results.Content(AmberJson.Message("Internal server error"), "application/json", statusCode: 500));
        });

        app.MapNemWebEndpoints(faults);
        MapFaultControls(app, faults);
        return app;
    }

    /// <summary>Serves the next matching fault instead of (or, for stale/provisional, as a variant of) the normal answer.</summary>
    internal static IResult Respond(HttpContext http, AemoFaultQueue faults, DateTimeOffset now, Func<DateTimeOffset, AemoFault?, IResult> normal)
    {
        var fault = faults.Take(http.Request.Method, http.Request.Path.Value ?? string.Empty);
        return fault?.Kind switch
        {
            AemoFaultKinds.ServerError => Results.Text("<html><body><h1>Service Unavailable</h1></body></html>", "text/html",
                statusCode: fault.Status ?? 503),
            // A body cut off mid-document, as a dropped connection behind a proxy leaves it.
            AemoFaultKinds.Malformed => Results.Content("""{"ELEC_NEM_SUMMARY":[{"SETTLEMENTDATE":"20""", "application/json"),
            AemoFaultKinds.Stale => normal(now - TimeSpan.FromMinutes(fault.MinutesBehind ?? 30), null),
            _ => normal(now, fault),
        };
    }

    private static void MapFaultControls(IEndpointRouteBuilder app, AemoFaultQueue faults)
    {
        var sim = app.MapGroup("/sim/aemo");
        sim.MapPost("/faults", (AemoFault[] queued) =>
        {
            if (queued.Select(f => f.Problem()).FirstOrDefault(p => p is not null) is { } problem)
            {
                return Results.BadRequest(new { error = problem });
            }

            faults.Enqueue(queued);
            return Results.Ok(faults.Pending());
        });
        sim.MapGet("/faults", () => Results.Ok(faults.Pending()));
        sim.MapDelete("/faults", () =>
        {
            faults.Clear();
            return Results.NoContent();
        });
    }

    /// <summary>
    /// The dispatch interval in progress: its price is set by the dispatch run at its start, so
    /// SETTLEMENTDATE is the end of the current 5-minute interval (NEM time, no offset).
    /// </summary>
    public static string Summary(MarketPriceSeries series, DateTimeOffset now) => Summary(series, now, fault: null);

    /// <param name="fault">A <c>provisional</c> fault: its region(s) are served NOT FIRM, at its price if it has one.</param>
    public static string Summary(MarketPriceSeries series, DateTimeOffset now, AemoFault? fault)
    {
        var provisional = fault is { Kind: AemoFaultKinds.Provisional };
        var start = NemTime.FloorToInterval(now, 5);
        var settlement = NemTime.AemoTimestamp(start + NemTime.FiveMinutes);
        var points = Regions.ToDictionary(r => r, r => series.At(r, start));
        return AmberJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("ELEC_NEM_SUMMARY");
            foreach (var region in Regions)
            {
                var p = points[region];
                var changed = provisional && (fault!.Region is null || fault.Region == region);
                w.WriteStartObject();
                w.WriteString("SETTLEMENTDATE", settlement);
                w.WriteString("REGIONID", region);
                w.WriteNumber("PRICE", Math.Round(changed && fault!.Price is { } price ? price : p.Rrp, 5));
                w.WriteString("PRICE_STATUS", changed ? "NOT FIRM" : "FIRM");
                Raw(w, "APCFLAG", "0.0");
                Raw(w, "MARKETSUSPENDEDFLAG", "0.0");
                w.WriteNumber("TOTALDEMAND", Math.Round(p.DemandMw, 2));
                w.WriteNumber("NETINTERCHANGE", Math.Round(p.NetInterchangeMw, 2));
                w.WriteNumber("SCHEDULEDGENERATION", Math.Round(p.ScheduledMw, 5));
                w.WriteNumber("SEMISCHEDULEDGENERATION", Math.Round(p.SemiScheduledMw, 5));
                w.WriteString("INTERCONNECTORFLOWS", InterconnectorFlows(region, points));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("ELEC_NEM_SUMMARY_PRICES");
            foreach (var region in Regions)
            {
                w.WriteStartObject();
                w.WriteString("REGIONID", region);
                w.WriteNumber("RRP", Math.Round(points[region].Rrp, 5));
                // FCAS prices are not in the replayed data; fixed, plausible values keep the shape complete.
                foreach (var (name, price) in FcasPrices)
                {
                    w.WriteNumber(name, price);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("ELEC_NEM_SUMMARY_MARKET_NOTICE");
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static readonly (string Name, double Price)[] FcasPrices =
    [
        ("RAISEREGRRP", 4.97), ("LOWERREGRRP", 1.0), ("RAISE1SECRRP", 0.01), ("RAISE6SECRRP", 0.1),
        ("RAISE60SECRRP", 0.2), ("RAISE5MINRRP", 0.3), ("LOWER1SECRRP", 0.01), ("LOWER6SECRRP", 0.05),
        ("LOWER60SECRRP", 0.1), ("LOWER5MINRRP", 0.15),
    ];

    /// <summary>
    /// A JSON string (clients parse it twice, as with the real feed) listing the interconnectors that
    /// touch the region; each flow is the neighbour-side share of net interchange, plausible but not a
    /// network solution.
    /// </summary>
    private static string InterconnectorFlows(string region, Dictionary<string, DispatchPoint> points)
    {
        string[] names = region switch
        {
            "NSW1" => ["N-Q-MNSP1", "NSW1-QLD1", "VIC1-NSW1"],
            "QLD1" => ["N-Q-MNSP1", "NSW1-QLD1"],
            "SA1" => ["V-S-MNSP1", "V-SA"],
            "TAS1" => ["T-V-MNSP1"],
            _ => ["T-V-MNSP1", "V-S-MNSP1", "V-SA", "VIC1-NSW1"],
        };
        var share = Math.Round(points[region].NetInterchangeMw / names.Length, 2);
        return AmberJson.Write(w =>
        {
            w.WriteStartArray();
            foreach (var name in names)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteNumber("value", share);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private static bool AsksForFiveMinutes(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name.Equals("timescale", StringComparison.OrdinalIgnoreCase) &&
                    property.Value.ValueKind == JsonValueKind.Array &&
                    property.Value.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.String && v.ValueEquals("5MIN")))
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    /// <summary>The last 48 hours of completed intervals per region, region by region, oldest first.</summary>
    public static string FiveMinuteReport(MarketPriceSeries series, DateTimeOffset now)
    {
        var lastEnd = NemTime.FloorToInterval(now, 5);
        return AmberJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("5MIN");
            foreach (var region in Regions)
            {
                for (var i = FiveMinuteRows - 1; i >= 0; i--)
                {
                    var end = lastEnd - (i * NemTime.FiveMinutes);
                    var p = series.At(region, end - NemTime.FiveMinutes);
                    w.WriteStartObject();
                    w.WriteString("SETTLEMENTDATE", NemTime.AemoTimestamp(end));
                    w.WriteString("REGIONID", region);
                    w.WriteString("REGION", region);
                    Raw(w, "RRP", Fixed(p.Rrp));
                    Raw(w, "TOTALDEMAND", Fixed(p.DemandMw));
                    w.WriteString("PERIODTYPE", "ACTUAL");
                    Raw(w, "NETINTERCHANGE", Fixed(p.NetInterchangeMw));
                    Raw(w, "SCHEDULEDGENERATION", Fixed(p.ScheduledMw));
                    Raw(w, "SEMISCHEDULEDGENERATION", Fixed(p.SemiScheduledMw));
                    w.WriteEndObject();
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void Raw(Utf8JsonWriter w, string name, string json)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(json, skipInputValidation: true);
    }

    /// <summary>AEMO writes these numbers with exactly five decimals (e.g. <c>0.00000</c>).</summary>
    private static string Fixed(double value) => value.ToString("F5", CultureInfo.InvariantCulture);
}
