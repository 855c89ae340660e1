using TeslaSync.Simulator.Control;

namespace TeslaSync.Simulator.Amber;

/// <summary>
/// One scripted misbehaviour of the Amber REST API, served once to the next request it matches (<c>POST /sim/amber/faults</c>).
/// </summary>
/// <param name="Kind">One of <see cref="AmberFaultKinds"/>.</param>
/// <param name="Path">Glob on the path below <c>/amber/v1</c>, e.g. <c>/sites/*/prices/current</c>; null matches every Amber request.</param>
/// <param name="Status">HTTP status of <c>server_error</c> (default 500, must be 5xx).</param>
/// <param name="RetryAfterSeconds">The <c>Retry-After</c> of <c>rate_limit</c>; absent when null (Amber's gateway is not known to send it).</param>
/// <param name="RateLimitResetSeconds">The <c>RateLimit-Reset</c> of <c>rate_limit</c>; absent when null.</param>
/// <param name="DelayMs">Wall-clock delay before answering, for any kind (<c>latency</c> then answers normally).</param>
public sealed record AmberFault(
    string Kind,
    string? Path = null,
    int? Status = null,
    int? RetryAfterSeconds = null,
    int? RateLimitResetSeconds = null,
    int DelayMs = 0) : IScriptedFault
{
    /// <summary>The captured 500 body (CONTRACTS §1.1), space included.</summary>
    public const string InternalServerErrorBody = """{"message": "Internal server error"}""";

    public static AmberFault RateLimit(int? retryAfterSeconds = null, int? rateLimitResetSeconds = null, string? path = null) =>
        new(AmberFaultKinds.RateLimit, path, RetryAfterSeconds: retryAfterSeconds, RateLimitResetSeconds: rateLimitResetSeconds);

    public static AmberFault ServerError(int status = 500, string? path = null) => new(AmberFaultKinds.ServerError, path, Status: status);

    public static AmberFault Malformed(string? path = null) => new(AmberFaultKinds.Malformed, path);

    public static AmberFault Latency(int delayMs, string? path = null) => new(AmberFaultKinds.Latency, path, DelayMs: delayMs);

    /// <summary>Null when the fault can be served; otherwise why not.</summary>
    public string? Problem() => Kind switch
    {
        AmberFaultKinds.Latency or AmberFaultKinds.Malformed => null,
        AmberFaultKinds.RateLimit => RetryAfterSeconds is null or >= 0 && RateLimitResetSeconds is null or >= 0
            ? null
            : "retryAfterSeconds and rateLimitResetSeconds must be >= 0",
        AmberFaultKinds.ServerError => Status is null or (>= 500 and <= 599) ? null : "server_error needs a 5xx status",
        _ => $"unknown kind '{Kind}' (latency, rate_limit, server_error, malformed)",
    } ?? (DelayMs is < 0 or > 120_000 ? "delayMs must be 0-120000" : null);

    // Amber's API is read-only: every fault applies to GETs, so only the path is matched.
    public bool Matches(string method, string path) => PathGlob.Matches(Path, path);
}

/// <summary>The fault kinds <see cref="AmberFault.Kind"/> accepts.</summary>
public static class AmberFaultKinds
{
    public const string Latency = "latency";
    public const string RateLimit = "rate_limit";
    public const string ServerError = "server_error";
    public const string Malformed = "malformed";
}

/// <summary>The scripted Amber faults; each is served once, to the first request it matches.</summary>
public sealed class AmberFaultQueue : FaultQueue<AmberFault>;

/// <summary>
/// The WebSocket behaviour that tests switch at run time (<c>POST /sim/amber/websocket</c>); starts from
/// <see cref="AmberOptions"/> and goes back to it on <c>/sim/reset</c>.
/// </summary>
/// <param name="Forbidden">Refuse the handshake with 403, as Amber does for accounts outside the alpha.</param>
/// <param name="PushDelaySeconds">Seconds after each 5-minute boundary at which a subscription gets its push.</param>
/// <param name="Silent">Acknowledge subscriptions but never push: a client's timeout path.</param>
public sealed record AmberWebSocketBehaviour(bool Forbidden, double PushDelaySeconds, bool Silent);

/// <summary>Partial update for <see cref="AmberWebSocketBehaviour"/>: null fields stay as they are.</summary>
public sealed record AmberWebSocketBehaviourChange(bool? Forbidden = null, double? PushDelaySeconds = null, bool? Silent = null);

/// <summary>Holds the current <see cref="AmberWebSocketBehaviour"/>.</summary>
public sealed class AmberWebSocketSettings(Microsoft.Extensions.Options.IOptions<AmberOptions> options)
{
    private AmberWebSocketBehaviour _current = FromOptions(options.Value);

    public AmberWebSocketBehaviour Current => Volatile.Read(ref _current);

    /// <summary>Applies <paramref name="change"/>; returns a problem instead when it is out of range.</summary>
    public string? Apply(AmberWebSocketBehaviourChange change)
    {
        if (change.PushDelaySeconds is < 0 or >= 300)
        {
            return "pushDelaySeconds must be in [0, 300)";
        }

        var current = Current;
        Volatile.Write(ref _current, new AmberWebSocketBehaviour(
            change.Forbidden ?? current.Forbidden, change.PushDelaySeconds ?? current.PushDelaySeconds, change.Silent ?? current.Silent));
        return null;
    }

    public void Reset() => Volatile.Write(ref _current, FromOptions(options.Value));

    private static AmberWebSocketBehaviour FromOptions(AmberOptions o) => new(o.WebSocketForbidden, o.PushDelaySeconds, Silent: false);
}
