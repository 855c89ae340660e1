namespace TeslaSync.PriceIngest.Storage;

/// <summary>A credential, stored only as Data Protection ciphertext.</summary>
public sealed class SecretRow
{
    public required string Key { get; set; }

    public required string Protected { get; set; }
}

/// <summary>The user's overrides for a site, made on the settings page; null means automatic.</summary>
public sealed class SiteSettingsRow
{
    public required string SiteId { get; set; }

    /// <summary>The NEM region whose AEMO prices matter, when the user set it rather than leaving it to the Amber site.</summary>
    public string? AemoRegion { get; set; }
}
