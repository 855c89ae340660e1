namespace TeslaSync.Domain.Tariffs;

/// <summary>Which of Amber's forecast figures stands for a future interval's price.</summary>
public enum ForecastChoice
{
    Low,
    Predicted,
    High,
}

/// <summary>The user's choices for turning Amber prices into a Tesla tariff.</summary>
public sealed record TariffBuildOptions
{
    public ForecastChoice Forecast { get; init; } = ForecastChoice.Predicted;

    /// <summary>
    /// More missing buy+sell values than this (of 96) and nothing is uploaded: an outage once
    /// pushed $0 feed-in everywhere and made a Powerwall grid-charge to 100 %.
    /// </summary>
    public int MaxMissingValues { get; init; } = 10;

    /// <summary>Raise a slot's buy rate to its sell rate (Tesla has been reported to require buy ≥ sell).</summary>
    public bool RaiseBuyToSell { get; init; } = true;
}
