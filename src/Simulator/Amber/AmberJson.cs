using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TeslaSync.Simulator.Market;

namespace TeslaSync.Simulator.Amber;

/// <summary>
/// Writes Amber's compact JSON by hand so key order, optional keys and number formatting match
/// the captures exactly (a serializer would reorder keys or emit nulls).
/// </summary>
public static class AmberJson
{
    /// <summary>Relaxed escaping: the default encoder would write the '+' of "+10:00" as \u002B.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Intervals(IEnumerable<AmberInterval> intervals) => Write(w =>
    {
        w.WriteStartArray();
        foreach (var interval in intervals)
        {
            WriteInterval(w, interval);
        }

        w.WriteEndArray();
    });

    /// <summary>Key order of the captures: type,date,duration,startTime,endTime,nemTime,perKwh,renewables,spotPerKwh,channelType,spikeStatus,tariffInformation,descriptor,estimate,advancedPrice.</summary>
    public static void WriteInterval(Utf8JsonWriter w, AmberInterval i)
    {
        w.WriteStartObject();
        w.WriteString("type", i.Type);
        w.WriteString("date", i.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteNumber("duration", i.Duration);
        // Amber's startTime is one second after the boundary; endTime is on it.
        w.WriteString("startTime", NemTime.UtcZ(i.Start.AddSeconds(1)));
        w.WriteString("endTime", NemTime.UtcZ(i.End));
        w.WriteString("nemTime", NemTime.AmberNemTime(i.End));
        w.WriteNumber("perKwh", i.PerKwh);
        w.WriteNumber("renewables", i.Renewables);
        w.WriteNumber("spotPerKwh", i.SpotPerKwh);
        w.WriteString("channelType", i.ChannelType);
        w.WriteString("spikeStatus", i.SpikeStatus);
        if (i.TariffPeriod is { } period)
        {
            // Absent (not null) on feedIn, as captured.
            w.WriteStartObject("tariffInformation");
            w.WriteString("period", period);
            w.WriteEndObject();
        }

        w.WriteString("descriptor", i.Descriptor);
        if (i.Estimate is { } estimate)
        {
            w.WriteBoolean("estimate", estimate);
        }

        if (i.AdvancedPrice is { } band)
        {
            w.WriteStartObject("advancedPrice");
            w.WriteNumber("low", band.Low);
            w.WriteNumber("predicted", band.Predicted);
            w.WriteNumber("high", band.High);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary><c>GET /sites</c>: one active site with a general and a feedIn channel.</summary>
    public static string Sites(AmberOptions site) => Write(w =>
    {
        w.WriteStartArray();
        w.WriteStartObject();
        w.WriteString("id", site.SiteId);
        w.WriteString("nmi", site.Nmi);
        w.WriteStartArray("channels");
        foreach (var (identifier, type) in new[] { ("E1", "general"), ("B1", "feedIn") })
        {
            w.WriteStartObject();
            w.WriteString("identifier", identifier);
            w.WriteString("type", type);
            w.WriteString("tariff", "A100");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("network", NetworkOf(site.Region));
        w.WriteString("status", "active");
        w.WriteString("activeFrom", "2024-01-01");
        w.WriteNumber("intervalLength", site.IntervalLength);
        w.WriteEndObject();
        w.WriteEndArray();
    });

    /// <summary>API-Gateway style error body, e.g. <c>{"message":"Unauthorized"}</c>.</summary>
    public static string Message(string message) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("message", message);
        w.WriteEndObject();
    });

    public static string SubscribeAck(int status) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("service", "live-prices");
        w.WriteString("action", "subscribe");
        w.WriteNumber("status", status);
        w.WriteEndObject();
    });

    /// <summary>WebSocket push: only the CurrentInterval of each channel, no forecasts (CONTRACTS §1.8).</summary>
    public static string PriceUpdate(string siteId, IEnumerable<AmberInterval> currentIntervals) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("service", "live-prices");
        w.WriteString("action", "price-update");
        w.WriteStartObject("data");
        w.WriteString("siteId", siteId);
        w.WriteStartArray("prices");
        foreach (var interval in currentIntervals)
        {
            WriteInterval(w, interval);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string NetworkOf(string region) => region switch
    {
        "NSW1" => "Ausgrid",
        "QLD1" => "Energex",
        "VIC1" => "Jemena",
        "TAS1" => "TasNetworks",
        _ => "SA Power Networks",
    };
}
