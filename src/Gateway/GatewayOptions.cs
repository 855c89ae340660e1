namespace TeslaSync.Gateway;

/// <summary>Gateway settings, bound from the <c>TeslaSync</c> section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "TeslaSync";

    /// <summary>True when the launcher started the simulator: every figure shown is simulated.</summary>
    public bool DemoMode { get; set; }
}
