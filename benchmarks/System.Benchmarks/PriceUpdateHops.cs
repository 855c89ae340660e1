namespace TeslaSync.SystemBenchmarks;

/// <summary>How the new prices reach PriceIngest in a replay.</summary>
internal enum PriceSource
{
    /// <summary>Amber's live-prices WebSocket push, as in the alpha.</summary>
    WebSocket,

    /// <summary>REST polling after each boundary: the WebSocket is refused (403), as for every account outside the alpha.</summary>
    Rest,
}

/// <summary>What a <see cref="Hop"/> is a time of.</summary>
internal enum HopRole
{
    /// <summary>A stretch of the way from Amber to the Powerwall; the hops on the path follow each other.</summary>
    OnPath,

    /// <summary>Part of a hop on the path, or a step after the upload: shown, not summarised.</summary>
    Detail,

    /// <summary>Several hops together, worth a summary line of its own.</summary>
    Combined,
}

/// <summary>One stretch of a price update's way to the Powerwall, timed (wall ms) for each update whose trace shows both ends.</summary>
internal sealed record Hop(string Name, HopRole Role, IReadOnlyList<double> Milliseconds);

/// <summary>
/// Splits each timed price update into hops, from the spans the services exported: PriceIngest's
/// root span of the update ("publish pushed prices" for a push, "refresh prices" for a poll), the
/// bus's "PricesUpdated publish" and TariffSync's "PricesUpdated process" (one trace, joined by the
/// traceparent in the Redis envelope), and TariffSync's HTTP client spans to Tesla. For a push, the
/// instant PriceIngest received it is the "price-update received" event of its "amber websocket
/// visit" span, a trace of its own. Every span is stamped with the wall clock of this machine, as the
/// benchmark's own instants are.
/// </summary>
internal static class PriceUpdateHops
{
    private const string PriceIngest = "priceingest";
    private const string TariffSync = "tariffsync";

    public static IReadOnlyList<Hop> Measure(PriceSource source, IReadOnlyList<PriceToPowerwall> updates, IReadOnlyList<TraceSpan> spans, ReplayClock clock)
    {
        // Each update owns the half interval either side of its publication: one update per interval, so no two can claim the same spans.
        var halfInterval = ReplayClock.PricePeriod / 2 / clock.Speed;
        var rootName = source == PriceSource.WebSocket ? "publish pushed prices" : "refresh prices";
        var byTrace = spans.ToLookup(s => s.TraceId);
        var hops = new HopTimes();

        foreach (var update in updates)
        {
            bool Near(DateTimeOffset instant) => instant >= update.PublishedAt - halfInterval && instant < update.PublishedAt + halfInterval;

            var root = spans.Where(s => s.Service == PriceIngest && s.Name == rootName && Near(s.Start)).MinBy(s => s.Start);
            List<TraceSpan> trace = root is null ? [] : [.. byTrace[root.TraceId]];
            var publish = trace.FirstOrDefault(s => s.Kind == SpanKind.Producer && s.Name == "PricesUpdated publish");
            var consume = trace.FirstOrDefault(s => s.Kind == SpanKind.Consumer && s.Service == TariffSync && s.Name == "PricesUpdated process");
            var write = trace.FirstOrDefault(s => IsTeslaCall(s, "/time_of_use_settings"));
            var readBack = write is null ? null : trace.FirstOrDefault(s => IsTeslaCall(s, "/site_info") && s.Start >= write.End);
            var amberCalls = trace.Where(s => s.Kind == SpanKind.Client && s.Service == PriceIngest && s.Attribute("url.full").Contains("/amber/v1/", StringComparison.Ordinal)).ToList();

            if (source == PriceSource.WebSocket)
            {
                var received = spans
                    .Where(s => s.Service == PriceIngest && s.Name == "amber websocket visit")
                    .SelectMany(s => s.Events)
                    .FirstOrDefault(e => e.Name == "price-update received" && Near(e.Time));
                DateTimeOffset? receivedAt = received?.Time;
                hops.Add("Amber push to PriceIngest", HopRole.OnPath, Between(update.PublishedAt, receivedAt));
                hops.Add("PriceIngest to bus publish", HopRole.OnPath, Between(receivedAt, publish?.Start));
            }
            else
            {
                hops.Add("Amber publish to PriceIngest poll", HopRole.OnPath, Between(update.PublishedAt, root?.Start));
                hops.Add("PriceIngest poll to bus publish", HopRole.OnPath, Between(root?.Start, publish?.Start));
            }

            hops.Add("Redis to TariffSync", HopRole.OnPath, Between(publish?.Start, consume?.Start));
            hops.Add("TariffSync to Tesla write", HopRole.OnPath, Between(consume?.Start, write?.Start));
            hops.Add("Tesla write (POST)", HopRole.OnPath, write?.Duration);
            // Details, not extra hops: PriceIngest's calls to Amber's REST API (the forecast that goes with a push; the poll itself),
            // the Powerwall's tariff read back after the upload, and a poll's start to the upload (the REST latency without the wait).
            hops.Add("Amber REST calls in PriceIngest", HopRole.Detail,
                amberCalls.Count == 0 ? null : amberCalls.Aggregate(TimeSpan.Zero, (sum, call) => sum + call.Duration));
            hops.Add("read-back (GET), after the upload", HopRole.Detail, readBack?.Duration);
            if (source == PriceSource.Rest)
            {
                hops.Add("PriceIngest poll to Powerwall", HopRole.Combined, Between(root?.Start, update.UploadedAt));
            }
        }

        return hops.ToList();
    }

    private static TimeSpan? Between(DateTimeOffset? from, DateTimeOffset? to) => from is { } start && to is { } end ? end - start : null;

    private static bool IsTeslaCall(TraceSpan span, string pathEnd) =>
        span.Kind == SpanKind.Client && span.Service == TariffSync && span.Attribute("url.full").EndsWith(pathEnd, StringComparison.Ordinal);
}

/// <summary>The hops in the order first added, each with the times of the updates that had it.</summary>
internal sealed class HopTimes
{
    private readonly List<(string Name, HopRole Role, List<double> Milliseconds)> hops = [];

    public void Add(string name, HopRole role, TimeSpan? time)
    {
        var index = hops.FindIndex(h => h.Name == name);
        if (index < 0)
        {
            hops.Add((name, role, []));
            index = hops.Count - 1;
        }

        if (time is { } measured)
        {
            hops[index].Milliseconds.Add(measured.TotalMilliseconds);
        }
    }

    public IReadOnlyList<Hop> ToList() => [.. hops.Select(h => new Hop(h.Name, h.Role, h.Milliseconds))];
}
