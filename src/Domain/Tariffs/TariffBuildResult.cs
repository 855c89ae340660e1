namespace TeslaSync.Domain.Tariffs;

/// <summary>Why a tariff was not built. Each leaves the last good tariff on the Powerwall.</summary>
public enum TariffRefusalReason
{
    /// <summary>More buy+sell values were missing than <see cref="TariffBuildOptions.MaxMissingValues"/>.</summary>
    TooManyMissingValues,

    /// <summary>No general (buy) price covers any half-hour of the window: there is nothing to fill from.</summary>
    NoBuyPrices,

    /// <summary>No feed-in (sell) price covers any half-hour: uploading would mean $0 feed-in everywhere.</summary>
    NoSellPrices,
}

/// <summary>The outcome of building a tariff: a tariff to upload with its per-slot record, or the reason not to.</summary>
public sealed record TariffBuildResult
{
    private TariffBuildResult(
        HalfHourTariff? tariff, IReadOnlyList<BuiltSlot> slots, TariffRefusalReason? refusalReason, string? refusal, int missingValues)
    {
        Tariff = tariff;
        Slots = slots;
        RefusalReason = refusalReason;
        Refusal = refusal;
        MissingValues = missingValues;
    }

    public HalfHourTariff? Tariff { get; }

    /// <summary>
    /// The 48 positions in window order (0 = the half-hour containing now), each with its local date,
    /// true prices and Tesla rates; empty when refused.
    /// </summary>
    public IReadOnlyList<BuiltSlot> Slots { get; }

    public TariffRefusalReason? RefusalReason { get; }

    /// <summary>Why no tariff was built, in words for the event log; null when one was.</summary>
    public string? Refusal { get; }

    /// <summary>How many of the 96 buy/sell values no Amber interval covered.</summary>
    public int MissingValues { get; }

    /// <summary>How many buy/sell values were missing and filled from a neighbour (0 when refused).</summary>
    public int FilledValues => Succeeded ? MissingValues : 0;

    public bool Succeeded => Tariff is not null;

    /// <summary>The built record of one tariff slot, whichever window position it is at.</summary>
    public BuiltSlot SlotFor(HalfHourSlot slot) => Slots.Single(built => built.Slot == slot);

    public static TariffBuildResult Built(HalfHourTariff tariff, IReadOnlyList<BuiltSlot> slots, int filledValues)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        ArgumentNullException.ThrowIfNull(slots);
        return new(tariff, slots, null, null, filledValues);
    }

    public static TariffBuildResult Refused(TariffRefusalReason reason, string message, int missingValues) =>
        new(null, [], reason, message, missingValues);
}
