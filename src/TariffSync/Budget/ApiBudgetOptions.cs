using TeslaSync.Domain.Budget;
using TeslaSync.Integrations.Tesla;

namespace TeslaSync.TariffSync.Budget;

/// <summary>Which price list applies and how much the user will pay, bound from the <c>ApiBudget</c> section.</summary>
public sealed class ApiBudgetOptions
{
    public const string SectionName = "ApiBudget";

    /// <summary>
    /// <c>Fleet</c> (Tesla bills per call) or <c>Teslemetry</c> (a subscription; calls cost nothing
    /// extra but reads are rate limited); by default the provider in <c>Tesla:Provider</c>.
    /// </summary>
    public string? PriceList { get; set; }

    /// <summary>The most to pay per month beyond Tesla's free credit, in US dollars; 0 keeps within the credit.</summary>
    public decimal MonthlyCeiling { get; set; }

    public ApiPriceList ToPriceList(TeslaProvider provider) =>
        (PriceList ?? provider.ToString()).Equals(nameof(TeslaProvider.Teslemetry), StringComparison.OrdinalIgnoreCase)
            ? ApiPriceList.Teslemetry
            : ApiPriceList.FleetApi;
}
