namespace TeslaSync.ServiceDefaults;

/// <summary>
/// The names of the system's resources, as the launcher and service discovery know them
/// (<c>http://tariffsync</c>, <c>ConnectionStrings:redis</c>). Lower-case single words.
/// </summary>
public static class ResourceNames
{
    public const string Redis = "redis";
    public const string Simulator = "simulator";
    public const string PriceIngest = "priceingest";
    public const string TariffSync = "tariffsync";
    public const string GridEvents = "gridevents";
    public const string Telemetry = "telemetry";
    public const string Gateway = "gateway";
}
