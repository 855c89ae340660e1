using System.Text.Json.Nodes;
using TeslaSync.Domain.Tariffs;

namespace TeslaSync.TariffSync.Overrides;

/// <summary>
/// Builds the tariffs the tariff overrides upload, in the site's wall-clock time, and recognises
/// them: every one has a <c>code</c> starting <see cref="CodePrefix"/>, so one of them is never
/// mistaken for the user's own tariff when a baseline is taken.
/// </summary>
public sealed class OverrideTariffs(TariffOverrideOptions options, TimeZoneInfo zone)
{
    public const string CodePrefix = "TESLASYNC:OVERRIDE:";

    /// <summary>The largest rate an override may put in a tariff, $/kWh (AEMO's market cap is about $20/kWh).</summary>
    public const decimal MaxRatePerKwh = 25m;

    private static readonly TimeSpan Step = TimeSpan.FromMinutes(15);

    public static bool IsOverrideTariff(JsonObject? document) =>
        document?["code"] is JsonValue code
        && code.TryGetValue<string>(out var text)
        && text.StartsWith(CodePrefix, StringComparison.Ordinal);

    /// <summary>The <c>tariff_content_v2</c> JSON text of a tariff override; deterministic, so it can be compared.</summary>
    public string Build(ActiveOverride active)
    {
        ArgumentNullException.ThrowIfNull(active);
        var until = active.Until ?? throw new ArgumentException("A tariff override has an end.", nameof(active));
        var window = SlotsCovering(active.Since, until, zone);
        var document = active.Payload switch
        {
            SpikeTariffPayload spike => Export(window, spike.SellPerKwh, new TariffLabels(CodePrefix + "SPIKE", "Spike export (TeslaSync)", "TeslaSync")),
            ForceDischargePayload discharge => Export(window, discharge.SellPerKwh, new TariffLabels(CodePrefix + "FORCE-DISCHARGE", "Force discharge (TeslaSync)", "TeslaSync")),
            ForceChargePayload => Charge(window, new TariffLabels(CodePrefix + "FORCE-CHARGE", "Force charge (TeslaSync)", "TeslaSync")),
            _ => throw new ArgumentException($"A {active.Payload.Kind} override has no tariff.", nameof(active)),
        };
        return document.ToJsonString();
    }

    /// <summary>
    /// The local half-hour slots that some instant of <c>[from, until)</c> falls in. Stepping by
    /// 15 minutes visits every slot even in zones offset by a quarter hour and across DST changes;
    /// a window of a day or more covers the whole 24-hour wheel.
    /// </summary>
    public static IReadOnlySet<HalfHourSlot> SlotsCovering(DateTimeOffset from, DateTimeOffset until, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (until - from >= TimeSpan.FromDays(1))
        {
            return HalfHourSlot.All.ToHashSet();
        }

        var slots = new HashSet<HalfHourSlot>();
        for (var instant = from; instant < until; instant += Step)
        {
            slots.Add(LocalHalfHour.Of(instant, zone).Slot);
        }

        if (until > from)
        {
            slots.Add(LocalHalfHour.Of(until - TimeSpan.FromTicks(1), zone).Slot);
        }

        return slots;
    }

    /// <summary>Sell high in the window and nothing elsewhere (keep the energy for the window); buy above every sell everywhere.</summary>
    private JsonObject Export(IReadOnlySet<HalfHourSlot> window, decimal sellPerKwh, TariffLabels labels)
    {
        var sell = Rate(sellPerKwh);
        var buy = Rate(sell + options.BuyAboveSellPerKwh);
        return Write(HalfHourSlot.All.Select(slot => new SlotRates(slot, buy, window.Contains(slot) ? sell : 0m)), labels);
    }

    /// <summary>Buy almost free in the window and dear elsewhere; sell nothing, so nothing is worth exporting.</summary>
    private JsonObject Charge(IReadOnlySet<HalfHourSlot> window, TariffLabels labels)
    {
        var inside = Rate(options.ForceChargeBuyPerKwh);
        var outside = Rate(options.ForceChargeOutsideBuyPerKwh);
        return Write(HalfHourSlot.All.Select(slot => new SlotRates(slot, window.Contains(slot) ? inside : outside, 0m)), labels);
    }

    private JsonObject Write(IEnumerable<SlotRates> rates, TariffLabels labels) =>
        TeslaTariffDocument.Write(new HalfHourTariff(rates.ToList(), zone.Id), labels);

    /// <summary>Tesla takes 4 decimals and no negative rate.</summary>
    private static decimal Rate(decimal perKwh) => Math.Round(Math.Max(0m, perKwh), 4, MidpointRounding.AwayFromZero);
}

/// <summary>A tariff to return to, and where it came from.</summary>
public sealed record BaselineTariff(string Document, string Source);

/// <summary>
/// Picks the tariff to restore after overrides: what the Powerwall holds, unless that is one of
/// our own override tariffs (left behind by a crash, say) — then the last tariff the price sync
/// uploaded, else the default profile. Null when none is usable: no override may take the tariff
/// then, because nothing could be put back.
/// </summary>
public static class BaselineTariffChoice
{
    public const string FromPowerwall = "powerwall";
    public const string FromLastPriceSync = "last-price-sync";
    public const string FromDefaultProfile = "default-profile";

    /// <summary>Whether the Powerwall's own tariff can be the baseline (then no fallback needs loading).</summary>
    public static bool Usable(JsonObject? document) => document is not null && !OverrideTariffs.IsOverrideTariff(document);

    public static BaselineTariff? Choose(JsonObject? held, JsonObject? lastPriceSync, JsonObject? defaultProfile) =>
        Usable(held) ? new BaselineTariff(held!.ToJsonString(), FromPowerwall)
        : Usable(lastPriceSync) ? new BaselineTariff(lastPriceSync!.ToJsonString(), FromLastPriceSync)
        : Usable(defaultProfile) ? new BaselineTariff(defaultProfile!.ToJsonString(), FromDefaultProfile)
        : null;
}
