namespace TeslaSync.Simulator;

/// <summary>Configuration section <c>Simulator:Amber</c>. Defaults give a working demo with no configuration.</summary>
public sealed class AmberOptions
{
    public const string Section = "Simulator:Amber";

    /// <summary>Bearer token clients must send (real Amber keys look like <c>psk_...</c>).</summary>
    public string ApiToken { get; set; } = "sim-amber-token";

    /// <summary>The one active site; a 26-character ULID like Amber's.</summary>
    public string SiteId { get; set; } = "01HZDEM0S1TESA000000000001";

    /// <summary>NEM region whose replayed prices the site sees: NSW1, QLD1, VIC1, SA1 or TAS1.</summary>
    public string Region { get; set; } = "SA1";

    public string Nmi { get; set; } = "2002000001";

    /// <summary>Billing interval length in minutes (5 or 30); the default price resolution.</summary>
    public int IntervalLength { get; set; } = 30;

    /// <summary>Value of the <c>RateLimit-Policy</c> header; the limit and window are read from it.</summary>
    public string RateLimitPolicy { get; set; } = "50;w=300";

    /// <summary>When true, requests beyond the limit get 429 like Amber's API gateway. Off by default so tests can poll freely.</summary>
    public bool EnforceRateLimit { get; set; }

    /// <summary>Answer the WebSocket handshake with 403, as Amber does for accounts outside the alpha.</summary>
    public bool WebSocketForbidden { get; set; }

    /// <summary>Seconds after each 5-minute boundary at which the WebSocket pushes a price update.</summary>
    public double PushDelaySeconds { get; set; } = 2;
}

/// <summary>Configuration section <c>Simulator:Tesla</c>.</summary>
public sealed class TeslaOptions
{
    public const string Section = "Simulator:Tesla";

    /// <summary>A static bearer token that never expires (demo mode, Teslemetry-style). OAuth-issued tokens work alongside it.</summary>
    public string AccessToken { get; set; } = "sim-tesla-token";

    /// <summary>OAuth client the token endpoint accepts (<c>client_id</c>; <c>client_secret</c> for the code exchange).</summary>
    public string ClientId { get; set; } = "sim-client-id";

    public string ClientSecret { get; set; } = "sim-client-secret";

    /// <summary><c>expires_in</c> of issued access tokens, in seconds (Tesla: about 8 h). Make it short in tests.</summary>
    public int AccessTokenLifetimeSeconds { get; set; } = 28800;

    /// <summary>What <c>/api/1/users/region</c> answers (lower case, like Fleet) and <c>/api/metadata</c> (upper case, like Teslemetry).</summary>
    public string Region { get; set; } = "na";

    /// <summary><c>fleet_api_base_url</c> of <c>/api/1/users/region</c>; empty means this simulator's own <c>/tesla</c> base.</summary>
    public string FleetApiBaseUrl { get; set; } = string.Empty;

    /// <summary>Per-site rate limits with <c>Retry-After</c>, like the Fleet API's Discovery plan. Off by default.</summary>
    public TeslaRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Int64 like Tesla's, but below 2^53 so JavaScript clients keep it exact.</summary>
    public long EnergySiteId { get; set; } = 2252150839614386;

    public string SiteName { get; set; } = "TeslaSync Demo";

    /// <summary>
    /// Energy sites on the account (1-10,000): site k has id <c>EnergySiteId + k</c> and its own settings and tariff.
    /// Site 0 is the demo site; the others report its power figures (see <see cref="Tesla.TeslaSites"/>).
    /// </summary>
    public int SiteCount { get; set; } = 1;

    /// <summary>Wall-clock milliseconds every <c>/tesla</c> request waits before it is answered (0-120,000), like a distant API.</summary>
    public int LatencyMs { get; set; }

    public string InstallationTimeZone { get; set; } = "Australia/Adelaide";

    /// <summary>Number of Powerwall units.</summary>
    public int BatteryCount { get; set; } = 1;

    /// <summary>Usable energy of one unit, Wh (Powerwall 2 and 3: 13,500).</summary>
    public double EnergyPerBatteryWh { get; set; } = 13500;

    /// <summary>Continuous charge and discharge power of one unit, W (Powerwall 2: 5,000; Powerwall 3: 11,500).</summary>
    public double PowerPerBatteryW { get; set; } = 5000;

    /// <summary><c>part_name</c> of each battery in site_info.</summary>
    public string BatteryPartName { get; set; } = "Powerwall 2";

    /// <summary>AC-to-AC round-trip efficiency (0–1], split evenly (√η) over charging and discharging.</summary>
    public double RoundTripEfficiency { get; set; } = 0.90;

    /// <summary>State of charge when the simulator starts (or <c>POST /sim/reset</c>), %.</summary>
    public double InitialStateOfChargePercent { get; set; } = 50;

    /// <summary>Seconds after a change of mode, reserve, export rule, grid charging or tariff before the Powerwall acts on it.</summary>
    public double ReactionDelaySeconds { get; set; }

    /// <summary>Peak output of the simulated rooftop solar array, in watts (the profile's largest half hour is scaled to it).</summary>
    public double SolarPeakWatts { get; set; } = 6600;
}

/// <summary>
/// <c>Simulator:Tesla:RateLimit</c>: fixed windows aligned to Unix time, counted per energy site
/// (account-level calls such as <c>/products</c> count under the account). Changeable at run time via
/// <c>POST /sim/tesla/rate_limit</c>.
/// </summary>
public sealed class TeslaRateLimitOptions
{
    public bool Enabled { get; set; }

    /// <summary>GETs allowed per site per window (Fleet Discovery plan: 1 per 5 minutes).</summary>
    public int DataReadsPerWindow { get; set; } = 1;

    public int DataWindowSeconds { get; set; } = 300;

    /// <summary>POSTs allowed per site per window (Fleet Discovery plan: 5 per day).</summary>
    public int CommandsPerWindow { get; set; } = 5;

    public int CommandWindowSeconds { get; set; } = 86400;

    public TeslaRateLimitOptions Copy() => (TeslaRateLimitOptions)MemberwiseClone();
}

/// <summary>
/// <c>Simulator:Replay</c>: serve a stored day's prices (see <see cref="Market.ReplayDay"/>) on its date.
/// Give every process the same <c>Clock:Start</c> (that day, 00:00 NEM time = 00:00+10:00) and
/// <c>Clock:Speed</c>, and the whole system lives through that day at that speed.
/// </summary>
public sealed class ReplayOptions
{
    public const string Section = "Simulator:Replay";

    /// <summary>Path of the day's JSON; empty = no replay (the embedded week, onto any date).</summary>
    public string? File { get; set; }
}
