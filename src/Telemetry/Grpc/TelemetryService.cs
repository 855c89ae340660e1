using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Telemetry.V1;
using TeslaSync.ServiceDefaults;
using TeslaSync.Telemetry.Billing;
using TeslaSync.Telemetry.Energy;
using TeslaSync.Telemetry.LiveStatus;
using TeslaSync.Telemetry.Storage;
using Model = TeslaSync.Domain.Energy;

namespace TeslaSync.Telemetry.Grpc;

/// <summary>Telemetry's gRPC face: maps messages to the domain and back; the work is in the readers.</summary>
internal sealed partial class TelemetryService(
    LatestLiveStatus latest,
    EnergyHistoryReader history,
    EnergySummaries summaries,
    SiteTimeZone zones,
    TimeProvider time,
    IOptions<SiteOptions> site,
    BillingQueries billing) : Contracts.Telemetry.V1.Telemetry.TelemetryBase
{
    /// <summary>More points than a chart can show; a coarser resolution is the answer.</summary>
    internal const int MaxPoints = 20_000;

    private static readonly int[] Resolutions = [5, 30, 60, 1440];

    public override Task<GetLiveStatusResponse> GetLiveStatus(GetLiveStatusRequest request, ServerCallContext context)
    {
        var siteId = SiteOf(request.SiteId);
        var sample = latest.Get(siteId);
        if (sample is null)
        {
            return Task.FromResult(new GetLiveStatusResponse { SiteId = siteId, Available = false });
        }

        var response = new GetLiveStatusResponse
        {
            SiteId = siteId,
            Available = true,
            SampledAt = Timestamp.FromDateTimeOffset(sample.SampledAt),
            SolarPowerW = sample.SolarPowerW,
            BatteryPowerW = sample.BatteryPowerW,
            GridPowerW = sample.GridPowerW,
            LoadPowerW = sample.LoadPowerW,
            StateOfChargePercent = sample.StateOfChargePercent,
            GridStatus = sample.GridStatus,
            OperationMode = sample.OperationMode ?? string.Empty,
            SettingsReadAt = sample.SettingsReadAt is { } readAt ? Timestamp.FromDateTimeOffset(readAt) : null,
            ExportRule = sample.ExportRule ?? string.Empty,
            FirmwareVersion = sample.FirmwareVersion ?? string.Empty,
        };
        if (sample.BackupReservePercent is { } reserve)
        {
            response.BackupReservePercent = reserve;
        }

        return Task.FromResult(response);
    }

    public override async Task<GetEnergyHistoryResponse> GetEnergyHistory(GetEnergyHistoryRequest request, ServerCallContext context)
    {
        var siteId = SiteOf(request.SiteId);
        if (!Resolutions.Contains(request.ResolutionMinutes))
        {
            throw Invalid("resolution_minutes must be 5, 30, 60 or 1440.");
        }

        if (request.From is null || request.To is null || request.From.ToDateTimeOffset() >= request.To.ToDateTimeOffset())
        {
            throw Invalid("Give from and to, from before to.");
        }

        var from = request.From.ToDateTimeOffset();
        var to = request.To.ToDateTimeOffset();
        var resolution = TimeSpan.FromMinutes(request.ResolutionMinutes);
        if ((to - from) / resolution > MaxPoints)
        {
            throw Invalid($"That is more than {MaxPoints} points; ask for a coarser resolution or a shorter range.");
        }

        var zone = request.ResolutionMinutes > 30 ? await ZoneAsync(context.CancellationToken) : null;
        var buckets = await history.HistoryAsync(siteId, from, to, resolution, zone, context.CancellationToken);
        var response = new GetEnergyHistoryResponse { SiteId = siteId, ResolutionMinutes = request.ResolutionMinutes, TimeZone = zone?.Id ?? string.Empty };
        response.Points.AddRange(buckets.Select(b => new EnergyHistoryPoint
        {
            Start = Timestamp.FromDateTimeOffset(b.Energy.Start),
            End = Timestamp.FromDateTimeOffset(b.Energy.End),
            Energy = ToMessage(Model.EnergyFlows.Of(b.Energy)),
            CoveredSeconds = b.Energy.Covered.TotalSeconds,
            LocalDate = b.LocalDate is { } date ? Iso(date) : string.Empty,
        }));
        return response;
    }

    public override async Task<GetEnergySummaryResponse> GetEnergySummary(GetEnergySummaryRequest request, ServerCallContext context)
    {
        var siteId = SiteOf(request.SiteId);
        var kind = request.Period switch
        {
            SummaryPeriod.Day => Model.SummaryPeriod.Day,
            SummaryPeriod.Week => Model.SummaryPeriod.Week,
            SummaryPeriod.Month => Model.SummaryPeriod.Month,
            SummaryPeriod.Year => Model.SummaryPeriod.Year,
            _ => throw Invalid("period must be day, week, month or year."),
        };
        var zone = await ZoneAsync(context.CancellationToken);
        DateOnly date;
        if (string.IsNullOrEmpty(request.Date))
        {
            date = Model.SiteCalendar.DateOf(time.GetUtcNow(), zone);
        }
        else if (!DateOnly.TryParseExact(request.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            throw Invalid("date must be yyyy-MM-dd.");
        }

        var (summary, reconciliation) = await summaries.SummarizeAsync(siteId, kind, date, zone, context.CancellationToken);
        var response = new GetEnergySummaryResponse
        {
            SiteId = siteId,
            Period = request.Period,
            FirstDate = Iso(summary.Period.First),
            LastDate = Iso(summary.Period.Last),
            TimeZone = zone.Id,
            Start = Timestamp.FromDateTimeOffset(summary.Period.Start),
            End = Timestamp.FromDateTimeOffset(summary.Period.End),
            Energy = ToMessage(summary.Energy),
            CoveredSeconds = summary.Covered.TotalSeconds,
            ElapsedSeconds = summary.Elapsed.TotalSeconds,
            PeriodSeconds = summary.Period.Length.TotalSeconds,
            Complete = summary.IsComplete,
            Reconciliation = ToMessage(reconciliation),
        };
        if (summary.SelfSufficiency is { } selfSufficiency)
        {
            response.SelfSufficiencyPercent = 100 * selfSufficiency;
        }

        if (summary.Completeness is { } completeness)
        {
            response.CompletenessPercent = 100 * completeness;
        }

        return response;
    }

    private string SiteOf(string requested) => site.Value.Resolve(requested)
        ?? throw new RpcException(new Status(StatusCode.NotFound, $"Unknown site '{requested}'."));

    private async Task<TimeZoneInfo> ZoneAsync(CancellationToken cancellationToken)
    {
        var resolved = await zones.ResolveAsync(cancellationToken);
        return resolved.Zone
            ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, $"The site's time zone is not known: {resolved.Source}"));
    }

    private static RpcException Invalid(string detail) => new(new Status(StatusCode.InvalidArgument, detail));

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static EnergyFlows ToMessage(Model.EnergyFlows flows) => new()
    {
        SolarWh = flows.Solar,
        HomeWh = flows.Home,
        GridImportWh = flows.GridImport,
        GridExportWh = flows.GridExport,
        BatteryChargeWh = flows.BatteryCharge,
        BatteryDischargeWh = flows.BatteryDischarge,
    };

    private static Reconciliation ToMessage(SummaryReconciliation reconciliation)
    {
        var message = new Reconciliation
        {
            Status = reconciliation.State switch
            {
                ReconciliationState.Available => ReconciliationStatus.Available,
                ReconciliationState.Unavailable => ReconciliationStatus.Unavailable,
                _ => ReconciliationStatus.Pending,
            },
            Reason = reconciliation.Reason,
        };
        if (reconciliation.Comparison is { } comparison)
        {
            message.DaysCompared = comparison.DaysCompared;
            message.Ours = ToMessage(comparison.Ours);
            message.Tesla = ToMessage(comparison.Tesla);
            message.Differences.AddRange(comparison.Differences.Select(d =>
            {
                var difference = new FlowDifference { Flow = FlowName(d.Flow), OursWh = d.Ours, TeslaWh = d.Tesla, DifferenceWh = d.DifferenceWh };
                if (d.DifferencePercent is { } percent)
                {
                    difference.DifferencePercent = percent;
                }

                return difference;
            }));
        }

        return message;
    }

    private static string FlowName(Model.EnergyFlow flow) => flow switch
    {
        Model.EnergyFlow.Solar => "solar",
        Model.EnergyFlow.Home => "home",
        Model.EnergyFlow.GridImport => "grid_import",
        Model.EnergyFlow.GridExport => "grid_export",
        Model.EnergyFlow.BatteryCharge => "battery_charge",
        _ => "battery_discharge",
    };
}
