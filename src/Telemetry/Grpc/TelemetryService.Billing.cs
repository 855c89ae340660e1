using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TeslaSync.Contracts.Common.V1;
using TeslaSync.Contracts.Telemetry.V1;
using TeslaSync.Telemetry.Billing;
using Bill = TeslaSync.Domain.Billing;
using Model = TeslaSync.Domain.Energy;

namespace TeslaSync.Telemetry.Grpc;

/// <summary>Cost and the bill estimate: map messages, call the billing queries, map back.</summary>
internal sealed partial class TelemetryService
{
    /// <summary>The longest range of days <see cref="GetCosts"/> answers at once.</summary>
    internal const int MaxCostDays = 62;

    public override async Task<GetCostsResponse> GetCosts(GetCostsRequest request, ServerCallContext context)
    {
        var siteId = SiteOf(request.SiteId);
        if (!TryOptionalDate(request.FromDate, out var from) || !TryOptionalDate(request.ToDate, out var to))
        {
            throw Invalid("from_date and to_date must be local dates, yyyy-MM-dd, or empty.");
        }

        var zone = await ZoneAsync(context.CancellationToken);
        var (first, last) = CostDateRange.Resolve(from, to, Model.SiteCalendar.DateOf(time.GetUtcNow(), zone));
        if (last < first)
        {
            throw Invalid("to_date must not be before from_date.");
        }

        if (last.DayNumber - first.DayNumber + 1 > MaxCostDays)
        {
            throw Invalid($"At most {MaxCostDays} days at once.");
        }

        var costs = await billing.CostsAsync(siteId, first, last, zone, context.CancellationToken);
        var response = new GetCostsResponse
        {
            SiteId = siteId,
            TimeZone = zone.Id,
            MonthFirstDate = Iso(costs.MonthToDate.First),
            MonthToDate = ToMessage(costs.MonthToDate.Totals),
            AsOf = Timestamp.FromDateTimeOffset(costs.MonthToDate.AsOf),
            CostAvailable = costs.Unavailable is null,
            CostUnavailableReason = costs.Unavailable ?? string.Empty,
        };
        response.Days.AddRange(costs.Days.Select(day => new DailyCost { Date = Iso(day.Date), Totals = ToMessage(day.Totals) }));
        return response;
    }

    public override async Task<GetBillEstimateResponse> GetBillEstimate(GetBillEstimateRequest request, ServerCallContext context)
    {
        var siteId = SiteOf(request.SiteId);
        var zone = await ZoneAsync(context.CancellationToken);
        var (bill, rateBasis, windowNow, unavailable) = await billing.BillAsync(siteId, zone, context.CancellationToken);
        var response = new GetBillEstimateResponse
        {
            SiteId = siteId,
            TimeZone = zone.Id,
            CycleFirstDate = Iso(bill.Cycle.Start),
            CycleLastDate = Iso(bill.Cycle.LastDay),
            CycleStart = Timestamp.FromDateTimeOffset(bill.Cycle.StartsAt(zone)),
            CycleEnd = Timestamp.FromDateTimeOffset(bill.Cycle.EndsAt(zone)),
            CycleDays = bill.Cycle.Days,
            DaysElapsed = bill.DaysElapsed,
            AsOf = Timestamp.FromDateTimeOffset(bill.AsOf),
            Energy = ToMessage(bill.Energy),
            EnergyCost = Money(bill.EnergyCost),
            ExportEarnings = Money(bill.ExportEarnings),
            DemandRateBasis = RateBasisName(rateBasis),
            DemandCharge = Money(bill.DemandCharge),
            SupplyToDate = Money(bill.SupplyToDate),
            MonthlyFixedCharge = Money(bill.MonthlyFixedCharge),
            Total = Money(bill.Total),
            InDemandWindow = windowNow is not null,
            CurrentDemandWindow = windowNow?.Name ?? string.Empty,
            CostAvailable = unavailable is null,
            CostUnavailableReason = unavailable ?? string.Empty,
        };
        response.Demand.AddRange(bill.Demand.Windows.Select(window => ToMessage(window, zone)));
        return response;
    }

    /// <summary>An empty text is no date (the default applies); anything else must be yyyy-MM-dd.</summary>
    private static bool TryOptionalDate(string text, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        date = parsed;
        return true;
    }

    private static DecimalValue Money(decimal amount) => DecimalValue.FromDecimal(amount);

    private static string RateBasisName(Bill.DemandRateBasis basis) =>
        basis == Bill.DemandRateBasis.PerDay ? "PER_DAY" : "PER_BILLING_CYCLE";

    private static CostTotals ToMessage(Bill.CostTotals totals) => new()
    {
        ImportKwh = totals.ImportKwh,
        ExportKwh = totals.ExportKwh,
        ImportCost = Money(totals.ImportCost),
        ExportEarnings = Money(totals.ExportEarnings),
        NetCost = Money(totals.NetCost),
        UnpricedImportKwh = totals.UnpricedImportKwh,
        UnpricedExportKwh = totals.UnpricedExportKwh,
        Provisional = totals.ProvisionalIntervals > 0,
        Intervals = totals.Intervals,
        UnpricedIntervals = totals.UnpricedIntervals,
        ProvisionalIntervals = totals.ProvisionalIntervals,
        UncoveredSeconds = totals.Uncovered.TotalSeconds,
    };

    private static WindowDemand ToMessage(Bill.WindowDemand demand, TimeZoneInfo zone)
    {
        var message = new WindowDemand
        {
            Name = demand.Window.Name,
            PeakKw = demand.PeakKw,
            RatePerKw = Money(demand.Window.RatePerKw),
            Charge = Money(demand.Charge),
            Blocks = demand.Blocks,
            IncompleteBlocks = demand.IncompleteBlocks,
        };
        if (demand.PeakBlock is { } peak)
        {
            message.PeakStart = Timestamp.FromDateTimeOffset(peak.Start);
            message.PeakLocalStart = TimeZoneInfo.ConvertTime(peak.Start, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        }

        return message;
    }
}
