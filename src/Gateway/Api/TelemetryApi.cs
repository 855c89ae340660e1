using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Telemetry.V1;
using TeslaSync.ServiceDefaults;
using TelemetryClient = TeslaSync.Contracts.Telemetry.V1.Telemetry.TelemetryClient;

namespace TeslaSync.Gateway.Api;

/// <summary>
/// The Powerwall now. Powers in W with Tesla's signs: battery &gt; 0 discharging, grid &gt; 0 importing. Mode, reserve,
/// export rule (<c>pv_only</c>, <c>battery_ok</c>, <c>never</c>) and firmware version are from the last site_info read
/// (null until read).
/// </summary>
public sealed record LiveStatusDto(
    bool Available,
    DateTimeOffset? SampledAt,
    double SolarPowerW,
    double BatteryPowerW,
    double GridPowerW,
    double LoadPowerW,
    double StateOfChargePercent,
    string? GridStatus,
    string? OperationMode,
    double? BackupReservePercent,
    DateTimeOffset? SettingsReadAt,
    string? ExportRule,
    string? FirmwareVersion);

/// <summary>Energy in Wh.</summary>
public sealed record EnergyFlowsDto(double SolarWh, double HomeWh, double GridImportWh, double GridExportWh, double BatteryChargeWh, double BatteryDischargeWh);

public sealed record EnergyPointDto(DateTimeOffset? Start, DateTimeOffset? End, string? LocalDate, EnergyFlowsDto Energy, double CoveredSeconds);

public sealed record EnergyHistoryDto(int Resolution, string? TimeZone, IReadOnlyList<EnergyPointDto> Points);

public sealed record FlowDifferenceDto(string Flow, double OursWh, double TeslaWh, double DifferenceWh, double? DifferencePercent);

/// <summary>How our totals compare with Tesla's own history.</summary>
public sealed record ReconciliationDto(string? Status, int DaysCompared, EnergyFlowsDto? Ours, EnergyFlowsDto? Tesla, IReadOnlyList<FlowDifferenceDto> Differences, string? Reason);

public sealed record EnergySummaryDto(
    string? Period,
    string? FirstDate,
    string? LastDate,
    string? TimeZone,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    EnergyFlowsDto Energy,
    double? SelfSufficiencyPercent,
    double CoveredSeconds,
    double ElapsedSeconds,
    double PeriodSeconds,
    double? CompletenessPercent,
    bool Complete,
    ReconciliationDto? Reconciliation);

/// <summary>Energy bought and sold and what it cost, in kWh and dollars.</summary>
public sealed record CostTotalsDto(
    double ImportKwh,
    double ExportKwh,
    decimal? ImportCost,
    decimal? ExportEarnings,
    decimal? NetCost,
    double UnpricedImportKwh,
    double UnpricedExportKwh,
    bool Provisional,
    int Intervals,
    int UnpricedIntervals,
    int ProvisionalIntervals,
    double UncoveredSeconds);

public sealed record DailyCostDto(string Date, CostTotalsDto Totals);

public sealed record CostsDto(
    string? TimeZone,
    IReadOnlyList<DailyCostDto> Days,
    string? MonthFirstDate,
    CostTotalsDto? MonthToDate,
    DateTimeOffset? AsOf,
    bool CostAvailable,
    string? CostUnavailableReason);

public sealed record WindowDemandDto(
    string Name,
    double PeakKw,
    DateTimeOffset? PeakStart,
    string? PeakLocalStart,
    decimal? RatePerKw,
    decimal? Charge,
    int Blocks,
    int IncompleteBlocks);

/// <summary>The billing cycle's estimate so far, in dollars.</summary>
public sealed record BillEstimateDto(
    string? TimeZone,
    string? CycleFirstDate,
    string? CycleLastDate,
    DateTimeOffset? CycleStart,
    DateTimeOffset? CycleEnd,
    int CycleDays,
    int DaysElapsed,
    DateTimeOffset? AsOf,
    CostTotalsDto? Energy,
    decimal? EnergyCost,
    decimal? ExportEarnings,
    IReadOnlyList<WindowDemandDto> Demand,
    string? DemandRateBasis,
    decimal? DemandCharge,
    decimal? SupplyToDate,
    decimal? MonthlyFixedCharge,
    decimal? Total,
    bool InDemandWindow,
    string? CurrentDemandWindow,
    bool CostAvailable,
    string? CostUnavailableReason);

/// <summary>Telemetry: the Powerwall live, energy history and summaries, costs and the bill estimate.</summary>
internal static class TelemetryApi
{
    private const string Service = "Telemetry";

    private static readonly Dictionary<string, SummaryPeriod> Periods = new(StringComparer.OrdinalIgnoreCase)
    {
        ["day"] = SummaryPeriod.Day,
        ["week"] = SummaryPeriod.Week,
        ["month"] = SummaryPeriod.Month,
        ["year"] = SummaryPeriod.Year,
    };

    public static RouteGroupBuilder MapTelemetryApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Energy");

        group.MapGet("/powerwall/live", (TelemetryClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
                BackendCall.RunAsync(Service,
                    () => client.GetLiveStatusAsync(new GetLiveStatusRequest { SiteId = site.Value.Id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    s => new LiveStatusDto(s.Available, Wire.Time(s.SampledAt), s.SolarPowerW, s.BatteryPowerW, s.GridPowerW, s.LoadPowerW,
                        s.StateOfChargePercent, Wire.Text(s.GridStatus), Wire.Text(s.OperationMode),
                        s.HasBackupReservePercent ? s.BackupReservePercent : null, Wire.Time(s.SettingsReadAt), Wire.Text(s.ExportRule),
                        Wire.Text(s.FirmwareVersion))))
            .WithName("GetLiveStatus")
            .WithSummary("The Powerwall's latest sample: power flows, state of charge, grid status, mode, reserve, export rule and firmware version.")
            .Produces<LiveStatusDto>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/energy/history", async (string? from, string? to, string? resolution,
                TelemetryClient client, IOptions<SiteOptions> site, TimeProvider time, CancellationToken ct) =>
            {
                var input = new ApiInput();
                var now = time.GetUtcNow();
                var end = input.Time("to", to, now);
                var start = input.Time("from", from, (end ?? now).AddDays(-1));
                var minutes = input.Integer("resolution", resolution, 30, 1, 1440);
                input.Range("from", start, end);
                if (!input.IsValid)
                {
                    return input.Problem();
                }

                var request = new GetEnergyHistoryRequest
                {
                    SiteId = site.Value.Id,
                    From = Timestamp.FromDateTimeOffset(start!.Value),
                    To = Timestamp.FromDateTimeOffset(end!.Value),
                    ResolutionMinutes = minutes!.Value,
                };
                return await BackendCall.RunAsync(Service,
                    () => client.GetEnergyHistoryAsync(request, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    r => new EnergyHistoryDto(r.ResolutionMinutes, Wire.Text(r.TimeZone),
                        r.Points.Select(p => new EnergyPointDto(Wire.Time(p.Start), Wire.Time(p.End), Wire.Text(p.LocalDate), Flows(p.Energy), p.CoveredSeconds)).ToList()));
            })
            .WithName("GetEnergyHistory")
            .WithSummary("Energy flows per bucket. from/to ISO 8601 (default the last 24 hours); resolution in minutes: 5, 30, 60 or 1440 (default 30).")
            .Produces<EnergyHistoryDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/energy/summary", async (string? period, string? date, TelemetryClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
            {
                var input = new ApiInput();
                var summaryPeriod = input.Choice("period", period, SummaryPeriod.Day, Periods);
                var day = input.Date("date", date, null);
                if (!input.IsValid)
                {
                    return input.Problem();
                }

                var request = new GetEnergySummaryRequest
                {
                    SiteId = site.Value.Id,
                    Period = summaryPeriod!.Value,
                    Date = day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                };
                return await BackendCall.RunAsync(Service,
                    () => client.GetEnergySummaryAsync(request, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    s => new EnergySummaryDto(Wire.Name(s.Period), Wire.Text(s.FirstDate), Wire.Text(s.LastDate), Wire.Text(s.TimeZone),
                        Wire.Time(s.Start), Wire.Time(s.End), Flows(s.Energy), s.HasSelfSufficiencyPercent ? s.SelfSufficiencyPercent : null,
                        s.CoveredSeconds, s.ElapsedSeconds, s.PeriodSeconds, s.HasCompletenessPercent ? s.CompletenessPercent : null, s.Complete,
                        Reconcile(s.Reconciliation)));
            })
            .WithName("GetEnergySummary")
            .WithSummary("Energy totals for the day, week, month or year containing date (yyyy-MM-dd in the site's time zone; default today), with self-sufficiency and how they compare with Tesla's.")
            .Produces<EnergySummaryDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/costs", async (string? from, string? to, TelemetryClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
            {
                var input = new ApiInput();
                var first = input.Date("from", from, null);
                var last = input.Date("to", to, null);
                if (first is { } f && last is { } l && l < f)
                {
                    input.Error("from", "from must not be after to.");
                }

                if (!input.IsValid)
                {
                    return input.Problem();
                }

                // A missing day is sent empty: Telemetry fills it in (month to date), since only it knows the
                // site's zone, and so which day "today" is, when Site:TimeZone is not set.
                var request = new GetCostsRequest
                {
                    SiteId = site.Value.Id,
                    FromDate = first?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                    ToDate = last?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                };
                return await BackendCall.RunAsync(Service,
                    () => client.GetCostsAsync(request, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    c => new CostsDto(Wire.Text(c.TimeZone), c.Days.Select(d => new DailyCostDto(d.Date, Totals(d.Totals)!)).ToList(),
                        Wire.Text(c.MonthFirstDate), Totals(c.MonthToDate), Wire.Time(c.AsOf), c.CostAvailable, Wire.Text(c.CostUnavailableReason)));
            })
            .WithName("GetCosts")
            .WithSummary("Cost of energy bought and earnings from energy sold per day from..to (yyyy-MM-dd in the site's time zone; to defaults to today, from to the first of to's month, so neither is the month to date) and month to date, in dollars.")
            .Produces<CostsDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/bill", (TelemetryClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
                BackendCall.RunAsync(Service,
                    () => client.GetBillEstimateAsync(new GetBillEstimateRequest { SiteId = site.Value.Id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    b => new BillEstimateDto(Wire.Text(b.TimeZone), Wire.Text(b.CycleFirstDate), Wire.Text(b.CycleLastDate), Wire.Time(b.CycleStart),
                        Wire.Time(b.CycleEnd), b.CycleDays, b.DaysElapsed, Wire.Time(b.AsOf), Totals(b.Energy), Wire.Money(b.EnergyCost),
                        Wire.Money(b.ExportEarnings),
                        b.Demand.Select(w => new WindowDemandDto(w.Name, w.PeakKw, Wire.Time(w.PeakStart), Wire.Text(w.PeakLocalStart),
                            Wire.Money(w.RatePerKw), Wire.Money(w.Charge), w.Blocks, w.IncompleteBlocks)).ToList(),
                        Wire.Text(b.DemandRateBasis), Wire.Money(b.DemandCharge), Wire.Money(b.SupplyToDate), Wire.Money(b.MonthlyFixedCharge),
                        Wire.Money(b.Total), b.InDemandWindow, Wire.Text(b.CurrentDemandWindow), b.CostAvailable, Wire.Text(b.CostUnavailableReason))))
            .WithName("GetBillEstimate")
            .WithSummary("The billing cycle's bill so far: energy, demand charges per window, supply charge and the total, in dollars.")
            .Produces<BillEstimateDto>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return api;
    }

    private static EnergyFlowsDto Flows(EnergyFlows? f) =>
        f is null ? new(0, 0, 0, 0, 0, 0) : new(f.SolarWh, f.HomeWh, f.GridImportWh, f.GridExportWh, f.BatteryChargeWh, f.BatteryDischargeWh);

    private static CostTotalsDto? Totals(CostTotals? t) => t is null
        ? null
        : new(t.ImportKwh, t.ExportKwh, Wire.Money(t.ImportCost), Wire.Money(t.ExportEarnings), Wire.Money(t.NetCost), t.UnpricedImportKwh,
            t.UnpricedExportKwh, t.Provisional, t.Intervals, t.UnpricedIntervals, t.ProvisionalIntervals, t.UncoveredSeconds);

    private static ReconciliationDto? Reconcile(Reconciliation? r) => r is null
        ? null
        : new(Wire.Name(r.Status), r.DaysCompared, r.Ours is null ? null : Flows(r.Ours), r.Tesla is null ? null : Flows(r.Tesla),
            r.Differences.Select(d => new FlowDifferenceDto(d.Flow, d.OursWh, d.TeslaWh, d.DifferenceWh, d.HasDifferencePercent ? d.DifferencePercent : null)).ToList(),
            Wire.Text(r.Reason));
}
