using TeslaSync.Domain.Budget;

namespace TeslaSync.TariffSync.Budget;

/// <summary>Which price list applies and how much the user will pay, bound from the <c>ApiBudget</c> section.</summary>
public sealed class ApiBudgetOptions
{
    public const string SectionName = "ApiBudget";

    /// <summary><c>Fleet</c> (Tesla bills per call) or <c>Teslemetry</c> (a subscription; calls cost nothing extra).</summary>
    public string PriceList { get; set; } = "Fleet";

    /// <summary>The most to pay per month beyond Tesla's free credit, in US dollars; 0 keeps within the credit.</summary>
    public decimal MonthlyCeiling { get; set; }

    public ApiPriceList ToPriceList() =>
        string.Equals(PriceList, "Teslemetry", StringComparison.OrdinalIgnoreCase) ? ApiPriceList.Teslemetry : ApiPriceList.FleetApi;
}
