using TeslaSync.Domain.Tariffs;

namespace TeslaSync.TariffSync.Sync;

/// <summary>How prices become uploads, bound from the <c>TariffSync</c> section.</summary>
public sealed class TariffSyncOptions
{
    public const string SectionName = "TariffSync";

    /// <summary>Tesla's id of the energy site to control; optional when the account has exactly one battery site.</summary>
    public long? EnergySiteId { get; set; }

    /// <summary>Upload only when some rate moves by more than this ($/kWh; 0.005 = 0.5 c/kWh).</summary>
    public decimal MaterialChangePerKwh { get; set; } = 0.005m;

    /// <summary>See <see cref="TariffBuildOptions.MaxMissingValues"/>.</summary>
    public int MaxMissingValues { get; set; } = 10;

    public ForecastChoice Forecast { get; set; } = ForecastChoice.Predicted;

    /// <summary>See <see cref="TariffBuildOptions.RaiseBuyToSell"/>.</summary>
    public bool RaiseBuyToSell { get; set; } = true;

    /// <summary>With no price update for this long, TariffSync asks PriceIngest itself (pub/sub keeps nothing while Redis is away).</summary>
    public TimeSpan MissedUpdateAfter { get; set; } = TimeSpan.FromMinutes(6);

    public TariffBuildOptions ToBuildOptions() => new()
    {
        Forecast = Forecast,
        MaxMissingValues = MaxMissingValues,
        RaiseBuyToSell = RaiseBuyToSell,
    };
}
