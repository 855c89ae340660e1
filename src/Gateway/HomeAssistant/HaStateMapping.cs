using System.Text.Json.Nodes;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Contracts.Telemetry.V1;
using TeslaSync.Gateway.Api;

namespace TeslaSync.Gateway.HomeAssistant;

/// <summary>
/// The services' answers as entity states (SPEC §8): prices in $/kWh (feed-in as what the owner is paid,
/// positive when exporting earns), powers in kW with Tesla's signs (grid &gt; 0 importing, battery &gt; 0
/// discharging), money in AUD.
/// </summary>
internal static class HaStateMapping
{
    public static IEnumerable<HaState> Prices(GetCurrentPricesResponse prices, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(prices);
        if (Current(prices, PriceChannel.General, now) is { } general)
        {
            yield return HaState.Number(HaEntities.CurrentPrice, general.PerKwh, 4, PriceAttributes(general));
        }

        if (Current(prices, PriceChannel.FeedIn, now) is { } feedIn)
        {
            // Amber's feed-in price is the owner's cost (negative = paid); HA shows what an export earns.
            var earns = -(decimal)feedIn.PerKwh;
            yield return HaState.Number(HaEntities.FeedInPrice, earns, 4, PriceAttributes(feedIn));
        }
    }

    public static IEnumerable<HaState> Live(GetLiveStatusResponse live)
    {
        ArgumentNullException.ThrowIfNull(live);
        if (!live.Available)
        {
            yield break;
        }

        yield return HaState.Number(HaEntities.SolarPower, live.SolarPowerW / 1000, 3);
        yield return HaState.Number(HaEntities.GridPower, live.GridPowerW / 1000, 3);
        yield return HaState.Number(HaEntities.BatteryPower, live.BatteryPowerW / 1000, 3);
        yield return HaState.Number(HaEntities.HomeLoad, live.LoadPowerW / 1000, 3);
        yield return HaState.Number(HaEntities.BatteryLevel, live.StateOfChargePercent, 1);
    }

    /// <summary>The Powerwall settings the selects and the number show, from Telemetry's last <c>site_info</c> read.</summary>
    public static IEnumerable<HaState> Settings(GetLiveStatusResponse live)
    {
        ArgumentNullException.ThrowIfNull(live);
        if (HaEntities.OperationModes.Contains(live.OperationMode))
        {
            yield return new HaState(HaEntities.OperationMode, live.OperationMode);
        }

        if (HaEntities.ExportRules.Contains(live.ExportRule))
        {
            yield return new HaState(HaEntities.ExportRule, live.ExportRule);
        }

        if (live.HasBackupReservePercent)
        {
            yield return HaState.Number(HaEntities.BackupReserve, live.BackupReservePercent, 0);
        }
    }

    public static IEnumerable<HaState> Bill(GetBillEstimateResponse bill)
    {
        ArgumentNullException.ThrowIfNull(bill);
        yield return HaState.OnOff(HaEntities.InDemandPeriod, bill.InDemandWindow, new JsonObject
        {
            ["current_window"] = Wire.Text(bill.CurrentDemandWindow),
        });

        var peak = bill.Demand.MaxBy(window => window.PeakKw);
        yield return HaState.Number(HaEntities.PeakDemand, peak?.PeakKw ?? 0, 3, new JsonObject
        {
            ["window"] = peak?.Name,
            ["peak_half_hour"] = peak is null ? null : Wire.Text(peak.PeakLocalStart),
            ["windows"] = new JsonObject(bill.Demand.Select(window => KeyValuePair.Create(window.Name, (JsonNode?)window.PeakKw))),
            ["cycle_start"] = bill.CycleFirstDate,
            ["cycle_end"] = bill.CycleLastDate,
        });

        if (Wire.Money(bill.DemandCharge) is { } demand)
        {
            yield return HaState.Number(HaEntities.DemandCharge, demand, 2);
        }

        if (Wire.Money(bill.SupplyToDate) is { } supply)
        {
            yield return HaState.Number(HaEntities.SupplyToDate, supply, 2);
        }

        if (Wire.Money(bill.MonthlyFixedCharge) is { } fixedCharge)
        {
            yield return HaState.Number(HaEntities.MonthlySupply, fixedCharge, 2);
        }

        if (Wire.Money(bill.Total) is { } total)
        {
            yield return HaState.Number(HaEntities.TotalCost, total, 2, new JsonObject
            {
                ["energy_cost"] = Wire.Money(bill.EnergyCost),
                ["export_earnings"] = Wire.Money(bill.ExportEarnings),
                ["cycle_start"] = bill.CycleFirstDate,
                ["cycle_end"] = bill.CycleLastDate,
                ["days_elapsed"] = bill.DaysElapsed,
                ["complete"] = bill.CostAvailable,
                ["note"] = Wire.Text(bill.CostUnavailableReason),
            });
        }
    }

    public static HaState AutoSync(SyncSettings settings, GetLastSyncResponse last)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(last);
        var outcome = last.Last;
        return HaState.OnOff(HaEntities.AutoSync, settings.AutoSync, new JsonObject
        {
            ["last_sync_time"] = outcome?.At?.ToDateTimeOffset().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["last_sync_status"] = outcome is null ? null : Wire.Name(outcome.Status),
            ["last_sync_reason"] = outcome is null ? null : Wire.Text(outcome.Reason),
        });
    }

    /// <summary>The interval of a channel in force now: Amber's current one, else whichever covers now.</summary>
    private static PriceInterval? Current(GetCurrentPricesResponse prices, PriceChannel channel, DateTimeOffset now) =>
        prices.Intervals.FirstOrDefault(i => i.Channel == channel && i.Kind == IntervalKind.Current && i.PerKwh is not null)
        ?? prices.Intervals.FirstOrDefault(i => i.Channel == channel && i.PerKwh is not null
            && i.Start is not null && i.End is not null && i.Start.ToDateTimeOffset() <= now && now < i.End.ToDateTimeOffset());

    private static JsonObject PriceAttributes(PriceInterval interval)
    {
        var wholesale = Wire.Money(interval.SpotPerKwh);
        return new JsonObject
        {
            ["spike_status"] = Wire.Name(interval.SpikeStatus),
            ["descriptor"] = Wire.Text(interval.PriceDescriptor),
            // Amber's price is the wholesale (spot) price plus network charges and fees: the part that is not
            // wholesale is shown as the network price (on the general channel, where it is what the owner pays for).
            ["wholesale_price"] = wholesale,
            ["network_price"] = interval.Channel == PriceChannel.General && wholesale is { } spot ? (decimal)interval.PerKwh - spot : null,
            ["renewables"] = Math.Round(interval.Renewables, 1),
            ["estimate"] = interval.Estimate,
            ["interval_start"] = interval.Start?.ToDateTimeOffset().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["interval_end"] = interval.End?.ToDateTimeOffset().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
