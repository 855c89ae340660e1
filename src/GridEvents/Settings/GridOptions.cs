using TeslaSync.GridEvents.Curtailment;
using TeslaSync.GridEvents.DemandWindow;
using TeslaSync.GridEvents.Spike;

namespace TeslaSync.GridEvents.Settings;

/// <summary>The options of the state machines together: what the user's settings read and write.</summary>
internal sealed record GridOptions(SpikeOptions Spike, CurtailmentOptions Curtailment, DemandWindowOptions DemandWindow)
{
    /// <summary>The configured options, without the user's stored settings: the settings' defaults.</summary>
    public static GridOptions FromConfiguration(IConfiguration configuration) => new(
        configuration.GetSection(SpikeOptions.SectionName).Get<SpikeOptions>() ?? new SpikeOptions(),
        configuration.GetSection(CurtailmentOptions.SectionName).Get<CurtailmentOptions>() ?? new CurtailmentOptions(),
        configuration.GetSection(DemandWindowOptions.SectionName).Get<DemandWindowOptions>() ?? new DemandWindowOptions());

    /// <summary>
    /// <paramref name="options"/> in its place and fresh ones in the others, so the settings of one
    /// options type can be applied to it alone.
    /// </summary>
    public static GridOptions Around(object options) => new(
        options as SpikeOptions ?? new SpikeOptions(),
        options as CurtailmentOptions ?? new CurtailmentOptions(),
        options as DemandWindowOptions ?? new DemandWindowOptions());
}
