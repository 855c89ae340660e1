using TeslaSync.Simulator.Control;

namespace TeslaSync.Simulator.Aemo;

/// <summary>
/// One scripted misbehaviour of the AEMO doubles, served once to the next request it matches
/// (<c>POST /sim/aemo/faults</c>); lets tests force PriceIngest onto its NEMWeb fallback.
/// </summary>
/// <param name="Kind">One of <see cref="AemoFaultKinds"/>.</param>
/// <param name="Path">Glob on the simulator path, e.g. <c>/aemo/**</c> (the default: the JSON API) or <c>/nemweb/**</c>.</param>
/// <param name="Status">HTTP status of <c>server_error</c> (default 503, AEMO's usual one).</param>
/// <param name="MinutesBehind">For <c>stale</c>: how far behind the clock the served report is (default 30).</param>
/// <param name="Region">For <c>provisional</c>: the region whose row is changed (default every region).</param>
/// <param name="Price">For <c>provisional</c>: the RRP served instead of the replayed one (default the replayed one).</param>
public sealed record AemoFault(
    string Kind,
    string? Path = null,
    int? Status = null,
    int? MinutesBehind = null,
    string? Region = null,
    double? Price = null) : IScriptedFault
{
    public const string JsonPaths = "/aemo/**";

    public static AemoFault ServerError(int status = 503, string? path = null) => new(AemoFaultKinds.ServerError, path, Status: status);

    public static AemoFault Malformed(string? path = null) => new(AemoFaultKinds.Malformed, path);

    public static AemoFault Stale(int minutesBehind = 30) => new(AemoFaultKinds.Stale, MinutesBehind: minutesBehind);

    public static AemoFault Provisional(string? region = null, double? price = null) =>
        new(AemoFaultKinds.Provisional, Region: region, Price: price);

    /// <summary>Null when the fault can be served; otherwise why not.</summary>
    public string? Problem() => Kind switch
    {
        AemoFaultKinds.Malformed => null,
        AemoFaultKinds.ServerError => Status is null or (>= 400 and <= 599) ? null : "server_error needs a 4xx or 5xx status",
        AemoFaultKinds.Stale => MinutesBehind is null or (>= 1 and <= 10_080) ? null : "minutesBehind must be 1-10080",
        AemoFaultKinds.Provisional => Region is null || AemoEndpoints.Regions.Contains(Region) ? null : $"unknown region '{Region}'",
        _ => $"unknown kind '{Kind}' (server_error, malformed, stale, provisional)",
    } ?? (Kind is AemoFaultKinds.Stale or AemoFaultKinds.Provisional && Path is not null && !Path.StartsWith("/aemo", StringComparison.Ordinal)
        ? $"{Kind} applies to the JSON API (/aemo/**) only"
        : null);

    public bool Matches(string method, string path) => PathGlob.Matches(Path ?? JsonPaths, path);
}

/// <summary>The fault kinds <see cref="AemoFault.Kind"/> accepts.</summary>
public static class AemoFaultKinds
{
    public const string ServerError = "server_error";
    public const string Malformed = "malformed";

    /// <summary>The report of an earlier moment: the JSON API stuck on an old interval.</summary>
    public const string Stale = "stale";

    /// <summary>ELEC_NEM_SUMMARY rows marked NOT FIRM, optionally with another price; the next request is firm again.</summary>
    public const string Provisional = "provisional";
}

/// <summary>The scripted AEMO faults; each is served once, to the first request it matches.</summary>
public sealed class AemoFaultQueue : FaultQueue<AemoFault>;
