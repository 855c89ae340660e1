using TeslaSync.Domain.Prices;

namespace TeslaSync.Integrations.Amber;

/// <summary>
/// Metered energy of one interval of one channel from <c>/sites/{id}/usage</c>, in the system's
/// units. Amber reports generation (export) as negative kWh and its cost as negative cents.
/// </summary>
/// <param name="ChannelIdentifier">The meter channel, e.g. <c>E1</c> or <c>B1</c>.</param>
/// <param name="Channel">The channel type, when Amber gave a known one.</param>
/// <param name="Kwh">Energy, kWh; negative for export.</param>
/// <param name="Cost">What the interval cost, $ incl. GST; negative for earnings.</param>
/// <param name="PerKwh">The price in force, $/kWh incl. GST (Amber's sign on feed-in).</param>
/// <param name="Quality"><c>estimated</c> or <c>billable</c>.</param>
public sealed record AmberUsageInterval(
    string ChannelIdentifier,
    PriceChannel? Channel,
    DateTimeOffset Start,
    DateTimeOffset End,
    decimal Kwh,
    decimal Cost,
    decimal PerKwh,
    string Quality);

/// <summary>Usage intervals parsed from one response, with the ones that could not be read and why.</summary>
public sealed record AmberUsageResult(IReadOnlyList<AmberUsageInterval> Intervals, IReadOnlyList<RejectedAmberInterval> Rejected);

/// <summary>The share of renewable generation in a state for one interval (<c>/state/{state}/renewables/current</c>).</summary>
/// <param name="Kind">Actual, Current or Forecast.</param>
/// <param name="Descriptor"><c>best</c>, <c>great</c>, <c>ok</c>, <c>notGreat</c> or <c>worst</c>.</param>
public sealed record AmberRenewables(IntervalKind Kind, DateTimeOffset Start, DateTimeOffset End, double RenewablesPercent, string Descriptor);

/// <summary>The states Amber reports renewables for.</summary>
public enum AmberState
{
    Nsw,
    Qld,
    Sa,
    Vic,
}
