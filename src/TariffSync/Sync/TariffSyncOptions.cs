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

    /// <summary>
    /// How often to read the Powerwall's tariff back when nothing was uploaded, to notice a change
    /// made in the Tesla app (four times less often while the API budget is being conserved).
    /// </summary>
    public TimeSpan ReadBackEvery { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long "sync now" waits for its outcome before answering that it is still running.</summary>
    public TimeSpan SyncNowTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>With no price update for this long, TariffSync asks PriceIngest itself (pub/sub keeps nothing while Redis is away).</summary>
    public TimeSpan MissedUpdateAfter { get; set; } = TimeSpan.FromMinutes(6);

    /// <summary>
    /// More Powerwalls this deployment keeps on its prices, besides its own site (an installer's or an
    /// enthusiast's sites on the same Amber prices). Each is synced on its own, like the deployment's site.
    /// </summary>
    public List<AdditionalSite> AdditionalSites { get; set; } = [];

    /// <summary>How many sites are synced at once after a price update; a slow site holds one of these, never all of them.</summary>
    public int MaxConcurrentSyncs { get; set; } = 16;

    /// <summary>Rule 7: never grid-charge into a flagged spike (opt-in).</summary>
    public SpikeProtectionSettings SpikeProtection { get; set; } = new();

    /// <summary>Rule 8: lift high sell rates inside a window (opt-in).</summary>
    public ExportBoostSettings ExportBoost { get; set; } = new();

    /// <summary>Rule 8: hold the battery for the morning when export pays little overnight (opt-in).</summary>
    public ChipModeSettings ChipMode { get; set; } = new();

    /// <summary>Rule 8: make grid power look dearer inside a demand window (opt-in).</summary>
    public DemandWindowSettings DemandWindow { get; set; } = new();

    /// <summary>The retailer's daily supply charge, $, shown in the Tesla app.</summary>
    public decimal DailySupplyCharge { get; set; }

    public TariffBuildOptions ToBuildOptions()
    {
        var options = new TariffBuildOptions
        {
            Forecast = Forecast,
            MaxMissingValues = MaxMissingValues,
            RaiseBuyToSell = RaiseBuyToSell,
            SpikeProtection = new SpikeProtectionOptions { Enabled = SpikeProtection.Enabled, MarginPerKwh = SpikeProtection.MarginPerKwh },
            ExportBoost = new ExportBoostOptions
            {
                Enabled = ExportBoost.Enabled,
                Window = LocalTimeWindow.Parse(ExportBoost.Start, ExportBoost.End),
                ThresholdPerKwh = ExportBoost.ThresholdPerKwh,
                OffsetPerKwh = ExportBoost.OffsetPerKwh,
                MinimumPerKwh = ExportBoost.MinimumPerKwh,
            },
            ChipMode = new ChipModeOptions
            {
                Enabled = ChipMode.Enabled,
                Window = LocalTimeWindow.Parse(ChipMode.Start, ChipMode.End),
                ThresholdPerKwh = ChipMode.ThresholdPerKwh,
            },
            DemandWindow = new DemandWindowOptions
            {
                Enabled = DemandWindow.Enabled,
                Window = new WeeklyTimeWindow(LocalTimeWindow.Parse(DemandWindow.Start, DemandWindow.End), DemandWindow.Days),
                BuyPremiumPerKwh = DemandWindow.BuyPremiumPerKwh,
            },
            DailySupplyCharge = DailySupplyCharge,
        };
        options.Validate();
        return options;
    }

    /// <summary>Null when the settings make a valid set of build options, else what is wrong.</summary>
    public string? Problem()
    {
        try
        {
            ToBuildOptions();
            return null;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            return $"TariffSync settings are not valid: {exception.Message}";
        }
    }
}

/// <summary>Checks at start that the rule settings make valid build options, and says what is wrong if not.</summary>
internal sealed class TariffSyncOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<TariffSyncOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, TariffSyncOptions options) =>
        options.Problem() is { } problem
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problem)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}

public sealed class SpikeProtectionSettings
{
    public bool Enabled { get; set; }

    /// <summary>How far above the highest sell rate a flagged slot's buy rate is raised, $/kWh.</summary>
    public decimal MarginPerKwh { get; set; } = 1.00m;
}

public sealed class ExportBoostSettings
{
    public bool Enabled { get; set; }

    /// <summary>Local time, HH:mm.</summary>
    public string Start { get; set; } = "17:00";

    /// <summary>Local time, HH:mm; earlier than the start means the window runs past midnight.</summary>
    public string End { get; set; } = "21:00";

    public decimal ThresholdPerKwh { get; set; }

    public decimal OffsetPerKwh { get; set; }

    public decimal MinimumPerKwh { get; set; }
}

public sealed class ChipModeSettings
{
    public bool Enabled { get; set; }

    public string Start { get; set; } = "22:00";

    public string End { get; set; } = "06:00";

    public decimal ThresholdPerKwh { get; set; } = 0.30m;
}

public sealed class DemandWindowSettings
{
    public bool Enabled { get; set; }

    public string Start { get; set; } = "16:00";

    public string End { get; set; } = "21:00";

    public DaysOfWeek Days { get; set; } = DaysOfWeek.Weekdays;

    public decimal BuyPremiumPerKwh { get; set; }
}
