using TeslaSync.Domain.Tariffs;

namespace TeslaSync.Domain.Billing;

/// <summary>
/// One half-hour of the local clock and the grid import in it: the unit networks measure demand
/// in. Its demand is the half-hour's average import power, kWh × 2, so a 6 kW kettle-and-oven spike
/// for five minutes is 1 kW of demand, not 6.
/// </summary>
/// <param name="Start">The real instant the block began (UTC); blocks are always 30 real minutes.</param>
/// <param name="LocalStart">The local date and clock half-hour; the repeated autumn hour gives two blocks with the same label.</param>
/// <param name="ImportWh">Grid import measured in the block.</param>
/// <param name="Covered">How much of the block had samples; less than 30 minutes means the demand may be understated.</param>
public sealed record DemandBlock(DateTimeOffset Start, LocalHalfHour LocalStart, double ImportWh, TimeSpan Covered)
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(30);

    public DateTimeOffset End => Start + Length;

    /// <summary>The 30-minute average import power, kW: the block's kWh divided by half an hour.</summary>
    public double Kw => ImportWh / 1000 * 2;

    /// <summary>True when samples covered the whole block.</summary>
    public bool IsComplete => Covered >= Length;
}
