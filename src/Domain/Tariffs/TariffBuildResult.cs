namespace TeslaSync.Domain.Tariffs;

/// <summary>The outcome of building a tariff: a tariff to upload, or the reason not to.</summary>
public sealed record TariffBuildResult
{
    private TariffBuildResult(HalfHourTariff? tariff, string? refusal, int filledValues)
    {
        Tariff = tariff;
        Refusal = refusal;
        FilledValues = filledValues;
    }

    public HalfHourTariff? Tariff { get; }

    /// <summary>Why no tariff was built; null when one was.</summary>
    public string? Refusal { get; }

    /// <summary>How many buy/sell values were missing and filled from a neighbour.</summary>
    public int FilledValues { get; }

    public bool Succeeded => Tariff is not null;

    public static TariffBuildResult Built(HalfHourTariff tariff, int filledValues) => new(tariff, null, filledValues);

    public static TariffBuildResult Refused(string reason) => new(null, reason, 0);
}
