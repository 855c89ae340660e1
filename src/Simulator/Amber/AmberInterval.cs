namespace TeslaSync.Simulator.Amber;

/// <summary>Amber's forecast band, c/kWh. On feedIn, <see cref="Low"/> is the less negative number (lower earnings).</summary>
public readonly record struct AdvancedPrice(double Low, double Predicted, double High);

/// <summary>
/// One element of Amber's price arrays (ActualInterval, CurrentInterval or ForecastInterval),
/// already rounded the way the real API rounds it; <see cref="AmberJson"/> writes it field by field.
/// </summary>
public sealed record AmberInterval(
    string Type,
    DateOnly Date,
    int Duration,
    DateTimeOffset Start,
    DateTimeOffset End,
    double PerKwh,
    double Renewables,
    double SpotPerKwh,
    string ChannelType,
    string SpikeStatus,
    string? TariffPeriod,
    string Descriptor,
    bool? Estimate,
    AdvancedPrice? AdvancedPrice);
