namespace TeslaSync.Integrations.Tesla;

/// <summary>Which service the energy-site calls go to. Both serve the same paths and envelopes.</summary>
public enum TeslaProvider
{
    /// <summary>Tesla Fleet API: OAuth (<see cref="TeslaOptions.OAuth"/>) or a static token, regional hosts, 421 on the wrong region.</summary>
    Fleet,

    /// <summary>Teslemetry: a static token; Teslemetry does Tesla's OAuth and refresh. Regional host found via <c>GET /api/metadata</c>.</summary>
    Teslemetry,
}

/// <summary>Settings for the Tesla Fleet API or Teslemetry, bound from the <c>Tesla</c> section.</summary>
public sealed class TeslaOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Tesla";

    /// <summary>Fleet API host for North America and Asia-Pacific, which includes Australia.</summary>
    public const string FleetNorthAmericaBaseUrl = "https://fleet-api.prd.na.vn.cloud.tesla.com";

    /// <summary>Teslemetry's global host, used until <c>/api/metadata</c> names the region.</summary>
    public const string TeslemetryBaseUrl = "https://api.teslemetry.com";

    public TeslaProvider Provider { get; set; } = TeslaProvider.Fleet;

    /// <summary>
    /// Where the first call goes. Left empty, it is the provider's production host
    /// (<see cref="FleetNorthAmericaBaseUrl"/> or <see cref="TeslemetryBaseUrl"/>); set it to the simulator
    /// (<c>http://127.0.0.1:port/tesla</c>) in demo mode and tests. The region logic may move later calls elsewhere.
    /// </summary>
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>
    /// A static bearer token: the Teslemetry token, or (Fleet without <see cref="TeslaOAuthOptions.ClientId"/>)
    /// a Fleet access token given directly, as demo mode does with the simulator's <c>sim-tesla-token</c>.
    /// Read on every call; never logged.
    /// </summary>
    public string? AccessToken { get; set; }

    /// <summary>
    /// Teslemetry only: the host to use once <c>/api/metadata</c> answers <c>"region":"NA"</c>;
    /// <c>{region}</c> is replaced by the lower-cased region. Empty keeps <see cref="BaseUrl"/> (simulator).
    /// </summary>
    public string TeslemetryRegionalBaseUrl { get; set; } = "https://{region}.teslemetry.com";

    /// <summary>Fleet only: the OAuth client. Used when <see cref="TeslaOAuthOptions.ClientId"/> is set.</summary>
    public TeslaOAuthOptions OAuth { get; set; } = new();

    public TeslaResilienceOptions Resilience { get; set; } = new();

    /// <summary>True when Fleet access tokens come from the OAuth token manager rather than <see cref="AccessToken"/>.</summary>
    public bool UsesOAuth => Provider == TeslaProvider.Fleet && !string.IsNullOrWhiteSpace(OAuth.ClientId);

    /// <summary><see cref="BaseUrl"/>, or the provider's production host when it is empty.</summary>
    public string EffectiveBaseUrl => !string.IsNullOrWhiteSpace(BaseUrl)
        ? BaseUrl
        : Provider == TeslaProvider.Teslemetry ? TeslemetryBaseUrl : FleetNorthAmericaBaseUrl;
}

/// <summary>Tesla Fleet OAuth client settings (<c>Tesla:OAuth</c>). The client secret belongs in a secret store, not appsettings.</summary>
public sealed class TeslaOAuthOptions
{
    public const string DefaultScopes = "openid offline_access energy_device_data energy_cmds";

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Must equal a redirect URI registered with the Tesla developer application.</summary>
    public string? RedirectUri { get; set; }

    public string AuthorizeUrl { get; set; } = "https://auth.tesla.com/oauth2/v3/authorize";

    public string TokenUrl { get; set; } = "https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token";

    /// <summary>The <c>audience</c> of the code exchange; empty means <see cref="TeslaOptions.EffectiveBaseUrl"/>.</summary>
    public string? Audience { get; set; }

    /// <summary>Space-separated. Energy reads need <c>energy_device_data</c>, commands <c>energy_cmds</c>, refresh tokens <c>offline_access</c>.</summary>
    public string Scopes { get; set; } = DefaultScopes;

    /// <summary>How long before expiry the access token is refreshed, so a call never starts with a token about to lapse.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Token endpoint calls are never retried (a lost answer would burn the single-use refresh token), so they get one bounded attempt.</summary>
    public TimeSpan TokenRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Retry and timeout settings of the Tesla HttpClient pipeline (<c>Tesla:Resilience</c>).</summary>
public sealed class TeslaResilienceOptions
{
    /// <summary>Retries after the first attempt. Every attempt is a billed call on the Fleet API.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First backoff delay for 5xx/408/timeouts; doubles each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The longest <c>Retry-After</c> waited out in-line. A longer one fails at once with
    /// <see cref="TeslaErrorKind.RateLimited"/> so the caller can reschedule instead of holding a sync (and other sites) up.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One attempt's limit. A timed-out GET is retried; a timed-out command is not (Tesla may have applied it).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit for the call including all retries and waits.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);
}
