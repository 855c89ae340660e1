using TeslaSync.Simulator.Control;

namespace TeslaSync.Simulator.Tesla;

/// <summary>
/// One scripted misbehaviour, served once to the next Tesla request it matches (<c>POST /sim/tesla/faults</c>).
/// </summary>
/// <param name="Kind">One of <see cref="TeslaFaultKinds"/>.</param>
/// <param name="Path">Glob on the path below <c>/tesla</c>, e.g. <c>/api/1/energy_sites/*/site_info</c> (<c>*</c> = one segment,
/// <c>**</c> = anything); null matches every Tesla request, the token endpoint included.</param>
/// <param name="Method">GET or POST; null matches both.</param>
/// <param name="Status">HTTP status for <c>server_error</c> (default 500) and <c>status</c> (required).</param>
/// <param name="RetryAfterSeconds">The <c>Retry-After</c> of <c>rate_limit</c> (default 1).</param>
/// <param name="DelayMs">Wall-clock delay before answering, for any kind (<c>latency</c> then answers normally).</param>
/// <param name="Error">The envelope's <c>error</c> for <c>status</c> faults (e.g. <c>user out of region</c> with 421).</param>
public sealed record TeslaFault(
    string Kind,
    string? Path = null,
    string? Method = null,
    int? Status = null,
    int? RetryAfterSeconds = null,
    int DelayMs = 0,
    string? Error = null,
    string? ErrorDescription = null) : IScriptedFault
{
    public static TeslaFault RateLimit(int retryAfterSeconds, string? path = null, string? method = null) =>
        new(TeslaFaultKinds.RateLimit, path, method, RetryAfterSeconds: retryAfterSeconds);

    public static TeslaFault ServerError(int status = 500, string? path = null, string? method = null) =>
        new(TeslaFaultKinds.ServerError, path, method, Status: status);

    public static TeslaFault Offline(string? path = null, string? method = null) => new(TeslaFaultKinds.Offline, path, method);

    public static TeslaFault Malformed(string? path = null, string? method = null) => new(TeslaFaultKinds.Malformed, path, method);

    public static TeslaFault Latency(int delayMs, string? path = null, string? method = null) =>
        new(TeslaFaultKinds.Latency, path, method, DelayMs: delayMs);

    public static TeslaFault WithStatus(int status, string error, string? path = null, string? method = null) =>
        new(TeslaFaultKinds.Status, path, method, Status: status, Error: error);

    /// <summary>Null when the fault can be served; otherwise why not.</summary>
    public string? Problem() => Kind switch
    {
        TeslaFaultKinds.Latency or TeslaFaultKinds.RateLimit or TeslaFaultKinds.Offline or TeslaFaultKinds.Malformed => null,
        TeslaFaultKinds.ServerError => Status is null or (>= 500 and <= 599) ? null : "server_error needs a 5xx status",
        TeslaFaultKinds.Status => Status is >= 400 and <= 599 ? null : "status needs a 4xx or 5xx status",
        _ => $"unknown kind '{Kind}' (latency, rate_limit, server_error, offline, malformed, status)",
    } ?? (DelayMs is < 0 or > 120_000 ? "delayMs must be 0-120000" : null);

    public bool Matches(string method, string pathBelowTesla) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) && PathGlob.Matches(Path, pathBelowTesla);
}

/// <summary>The fault kinds <see cref="TeslaFault.Kind"/> accepts.</summary>
public static class TeslaFaultKinds
{
    public const string Latency = "latency";
    public const string RateLimit = "rate_limit";
    public const string ServerError = "server_error";
    public const string Offline = "offline";
    public const string Malformed = "malformed";
    public const string Status = "status";
}

/// <summary>The scripted Tesla faults, first-in first-out; each is served once, to the first request it matches.</summary>
public sealed class TeslaFaultQueue : FaultQueue<TeslaFault>;
