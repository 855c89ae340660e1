using System.Text.Json.Nodes;
using TeslaSync.TestSupport;

namespace TeslaSync.Domain.UnitTests.Tariffs;

/// <summary>The captured Tesla tariffs, as the bare <c>tariff_content_v2</c> object.</summary>
internal static class TeslaCaptures
{
    public const string PowerSync = "powersync";
    public const string MultiSeason = "multi-season";
    public const string Globird = "globird";

    public static TheoryData<string> All => new(PowerSync, MultiSeason, Globird);

    public static JsonObject Load(string name) => name switch
    {
        PowerSync => SiteInfoTariff("tariff_content_v2_sample_powersync_flowpower.json"),
        MultiSeason => SiteInfoTariff("site_info_tariff_content_v2_multi_season.json"),
        Globird => GlobirdPostedBody(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such capture."),
    };

    private static JsonObject SiteInfoTariff(string file) =>
        JsonNode.Parse(SharedFolder.ReadFixture("tesla", file))!["response"]!["tariff_content_v2"]!.AsObject();

    /// <summary>A log line followed by the posted body: everything before the first '{' is the log prefix.</summary>
    private static JsonObject GlobirdPostedBody()
    {
        var text = File.ReadAllText(SharedFolder.Data("amber", "Tmbao_globird-powerwall-price-updater", "tesla_tou.json"));
        return JsonNode.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..])!["tou_settings"]!["tariff_content_v2"]!.AsObject();
    }
}
