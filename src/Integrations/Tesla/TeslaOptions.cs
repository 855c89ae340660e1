namespace TeslaSync.Integrations.Tesla;

/// <summary>Settings for the Tesla Fleet API (or Teslemetry, same paths), bound from the <c>Tesla</c> section.</summary>
public sealed class TeslaOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Tesla";

    /// <summary>Regional Fleet API host (NA/APAC, which includes Australia, by default) or <c>https://api.teslemetry.com</c>.</summary>
    public string BaseUrl { get; set; } = "https://fleet-api.prd.na.vn.cloud.tesla.com";

    /// <summary>OAuth access token (Fleet) or Teslemetry token, sent as a bearer token. Read on every call; never logged.</summary>
    public string? AccessToken { get; set; }
}
