namespace TeslaSync.Domain.Energy;

/// <summary>
/// Energy that flowed at a site in [<paramref name="Start"/>, <paramref name="End"/>), in Wh, each
/// flow non-negative: what live-status samples integrate into and what history, summaries, cost
/// and demand are built from.
/// </summary>
/// <param name="Solar">Produced by the solar array.</param>
/// <param name="Home">Used by the home.</param>
/// <param name="GridImport">Bought from the grid.</param>
/// <param name="GridExport">Sold to the grid.</param>
/// <param name="BatteryCharge">Into the battery.</param>
/// <param name="BatteryDischarge">Out of the battery.</param>
/// <param name="Covered">How much of the interval had samples close enough to integrate (a gap is marked, not guessed).</param>
public sealed record EnergyInterval(
    DateTimeOffset Start,
    DateTimeOffset End,
    double Solar,
    double Home,
    double GridImport,
    double GridExport,
    double BatteryCharge,
    double BatteryDischarge,
    TimeSpan Covered)
{
    public TimeSpan Duration => End - Start;

    /// <summary>True when samples covered the whole interval.</summary>
    public bool IsComplete => Covered >= Duration;
}
