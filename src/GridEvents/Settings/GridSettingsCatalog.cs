namespace TeslaSync.GridEvents.Settings;

/// <summary>
/// Every threshold and switch of the spike, curtailment and demand-window machines the user may
/// change, and the rules their values must keep together. Pure. Keys are stable: they are stored.
/// </summary>
/// <remarks>
/// GridEvents:CheckEvery and CallTimeout are not here: they are how the service runs, not what it decides.
/// A force has no settings of its own (its length is chosen each time).
/// </remarks>
internal static class GridSettingsCatalog
{
    /// <summary>Above the NEM market price cap ($/MWh): no real price gets there.</summary>
    private const decimal MaxPricePerMwh = 20000m;

    public static readonly IReadOnlyList<GridSetting> All =
    [
        GridSetting.Flag("spike.enabled", "Spike export", "Export from the battery while the AEMO price is at or above the threshold. Turning it off ends a running spike.",
            o => o.Spike, s => s.Enabled, (s, v) => s.Enabled = v),
        GridSetting.Number("spike.threshold", "Spike threshold", "A spike starts when the AEMO price reaches this (ex GST). VPP plans often use 3000.",
            "$/MWh", 1m, MaxPricePerMwh, o => o.Spike, s => s.ThresholdPerMwh, (s, v) => s.ThresholdPerMwh = v),
        GridSetting.Number("spike.deadband", "Spike deadband", "A spike ends only when the price falls below the threshold minus this, so prices around the threshold do not flap the battery.",
            "$/MWh", 0m, MaxPricePerMwh, o => o.Spike, s => s.DeadbandPerMwh, (s, v) => s.DeadbandPerMwh = v),
        GridSetting.Minutes("spike.minimumDwell", "Spike minimum dwell", "How long prices must stay below the exit level before a spike ends (5 = one dispatch interval).",
            0m, 60m, o => o.Spike, s => s.MinimumDwell, (s, v) => s.MinimumDwell = v),
        GridSetting.Minutes("spike.extendMargin", "Spike tariff margin", "The spike tariff runs this long past the current interval, so it ends by itself if prices stop arriving.",
            1m, 60m, o => o.Spike, s => s.ExtendMargin, (s, v) => s.ExtendMargin = v),
        GridSetting.Flag("spike.testMode", "Spike test mode", "Simulates a spike: every AEMO price counts as at least the test price.",
            o => o.Spike, s => s.TestMode, (s, v) => s.TestMode = v),
        GridSetting.Number("spike.testPrice", "Spike test price", "The price every AEMO price counts as (at least) in test mode; at least the threshold.",
            "$/MWh", 1m, MaxPricePerMwh, o => o.Spike, s => s.TestPricePerMwh, (s, v) => s.TestPricePerMwh = v),
        GridSetting.Flag("curtailment.enabled", "Solar curtailment", "Stop exporting solar while exports would cost money (negative feed-in prices).",
            o => o.Curtailment, c => c.Enabled, (c, v) => c.Enabled = v),
        GridSetting.Number("curtailment.curtailBelow", "Curtail below", "Curtail when feed-in earnings fall below this.",
            "c/kWh", -100m, 100m, o => o.Curtailment, c => c.CurtailBelowCents, (c, v) => c.CurtailBelowCents = v),
        GridSetting.Number("curtailment.restoreAt", "Restore exports at", "Export again only at or above this; at least the curtail level, so it does not flap.",
            "c/kWh", -100m, 100m, o => o.Curtailment, c => c.RestoreAtCents, (c, v) => c.RestoreAtCents = v),
        GridSetting.Minutes("curtailment.reassertEvery", "Re-assert curtailment every", "While curtailed, apply the override again this often (firmware has been seen to drift).",
            1m, 240m, o => o.Curtailment, c => c.ReassertEvery, (c, v) => c.ReassertEvery = v),
        GridSetting.Flag("demandWindow.enabled", "Demand window", "Block grid charging while the network's demand window is open. Turning it off releases a block.",
            o => o.DemandWindow, d => d.Enabled, (d, v) => d.Enabled = v),
        GridSetting.Time("demandWindow.start", "Demand window opens", "Local time the window opens.",
            o => o.DemandWindow, d => d.Start, (d, v) => d.Start = v),
        GridSetting.Time("demandWindow.end", "Demand window closes", "Local time the window closes; before the opening time, the window runs over midnight.",
            o => o.DemandWindow, d => d.End, (d, v) => d.End = v),
        GridSetting.Days("demandWindow.days", "Demand window days", "The days the window opens on; a window over midnight belongs to the day it opens.",
            o => o.DemandWindow, d => d.Days, (d, v) => d.Days = v),
    ];

    private static readonly Dictionary<string, GridSetting> ByKey = All.ToDictionary(s => s.Key, StringComparer.Ordinal);

    public static GridSetting? Find(string key) => ByKey.GetValueOrDefault(key);

    /// <summary><paramref name="options"/> with the stored values written over it (keys no longer known are skipped).</summary>
    public static GridOptions Apply(GridOptions options, IReadOnlyDictionary<string, string> stored)
    {
        foreach (var (key, value) in stored)
        {
            Find(key)?.Write(options, value);
        }

        return options;
    }

    /// <summary>What is wrong with the values taken together, each under the setting to change.</summary>
    public static IEnumerable<(string Key, string Message)> Problems(GridOptions options)
    {
        var (spike, curtailment, window) = (options.Spike, options.Curtailment, options.DemandWindow);
        if (spike.DeadbandPerMwh < 0m || spike.DeadbandPerMwh >= spike.ThresholdPerMwh)
        {
            yield return ("spike.deadband", $"The deadband must be at least 0 and below the threshold ({SettingFormat.Number(spike.ThresholdPerMwh)} $/MWh), or a spike could never end.");
        }

        if (spike.TestMode && spike.TestPricePerMwh < spike.ThresholdPerMwh)
        {
            yield return ("spike.testPrice", $"The test price must be at least the threshold ({SettingFormat.Number(spike.ThresholdPerMwh)} $/MWh), or test mode simulates no spike.");
        }

        if (curtailment.RestoreAtCents < curtailment.CurtailBelowCents)
        {
            yield return ("curtailment.restoreAt", $"Exports must restore at or above the curtail level ({SettingFormat.Number(curtailment.CurtailBelowCents)} c/kWh).");
        }

        if (window.Start == window.End)
        {
            yield return ("demandWindow.end", "The window must close at a different time from when it opens (an earlier time runs over midnight).");
        }
    }
}
