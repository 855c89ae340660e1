using TeslaSync.Domain.Sites;

namespace TeslaSync.Integrations.Aemo;

/// <summary>The 5-minute dispatch price of one NEM region, in AEMO's own unit.</summary>
/// <param name="IntervalEnd">End of the dispatch interval (AEMO's SETTLEMENTDATE), converted from NEM time (UTC+10, no DST) to UTC.</param>
/// <param name="RrpPerMwh">Regional reference price, $/MWh excluding GST; may be negative (floor −1,000).</param>
/// <param name="Firm">False while AEMO still marks the price as provisional (PRICE_STATUS other than FIRM).</param>
public sealed record RegionalPrice(NemRegion Region, DateTimeOffset IntervalEnd, decimal RrpPerMwh, bool Firm);

/// <summary>One row of AEMO's 5MIN price-and-demand report.</summary>
/// <param name="IntervalEnd">SETTLEMENTDATE, interval end, converted from NEM time to UTC.</param>
/// <param name="RrpPerMwh">$/MWh excluding GST.</param>
/// <param name="TotalDemandMw">Regional demand in MW, when reported.</param>
/// <param name="PeriodType"><c>ACTUAL</c> for dispatched intervals, <c>FORECAST</c> for pre-dispatch rows.</param>
public sealed record PriceAndDemandInterval(NemRegion Region, DateTimeOffset IntervalEnd, decimal RrpPerMwh, decimal? TotalDemandMw, string PeriodType)
{
    public bool IsActual => PeriodType == "ACTUAL";
}
