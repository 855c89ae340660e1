namespace TeslaSync.Domain.Budget;

/// <summary>
/// What calls cost each calendar month (UTC), in US dollars as Tesla bills them. The Fleet API
/// charges $1 per 500 data reads and $1 per 1,000 commands, less a $10 monthly credit. Teslemetry
/// charges a subscription instead, so its calls cost nothing extra but it allows about one
/// energy-site read a minute.
/// </summary>
/// <param name="MinimumReadInterval">The shortest gap between two reads of a site that the provider allows.</param>
public sealed record ApiPriceList(decimal PerDataRead, decimal PerCommand, decimal MonthlyCredit, string Name, TimeSpan MinimumReadInterval)
{
    public static ApiPriceList FleetApi { get; } = new(1m / 500m, 1m / 1000m, 10m, "Tesla Fleet API", TimeSpan.Zero);

    public static ApiPriceList Teslemetry { get; } = new(0m, 0m, 0m, "Teslemetry", TimeSpan.FromMinutes(1));

    /// <summary>The gross cost of some calls, before the monthly credit.</summary>
    public decimal CostOf(ApiCallCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return (counts.DataReads * PerDataRead) + (counts.Commands * PerCommand);
    }

    /// <summary>What the month's calls leave to pay once the credit is used.</summary>
    public decimal NetOf(ApiCallCounts monthCounts) => Math.Max(0m, CostOf(monthCounts) - MonthlyCredit);
}
