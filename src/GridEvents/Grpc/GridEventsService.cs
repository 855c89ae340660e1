using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Common.V1;
using TeslaSync.Contracts.GridEvents.V1;
using TeslaSync.GridEvents.Curtailment;
using TeslaSync.GridEvents.DemandWindow;
using TeslaSync.GridEvents.Force;
using TeslaSync.GridEvents.Settings;
using TeslaSync.GridEvents.Spike;
using TeslaSync.GridEvents.Storage;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.GridEvents.Grpc;

/// <summary>GridEvents' gRPC face: the state machines' state, their decision log, the user's force and settings.</summary>
internal sealed class GridEventsService(
    GridStateStore store,
    ForceController force,
    GridSettingsManager settings,
    IOptionsMonitor<SpikeOptions> spikeOptions,
    IOptionsMonitor<CurtailmentOptions> curtailmentOptions,
    IOptionsMonitor<DemandWindowOptions> demandWindowOptions,
    SiteTimeZone zones,
    IOptions<SiteOptions> site,
    TimeProvider time) : Contracts.GridEvents.V1.GridEvents.GridEventsBase
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 500;

    public override async Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        var siteId = SiteIdOf(request.SiteId);
        var now = time.GetUtcNow();
        var spike = await store.SpikeAsync(siteId, now, context.CancellationToken);
        var curtailment = await store.CurtailmentAsync(siteId, now, context.CancellationToken);
        var demandWindow = await store.DemandWindowAsync(siteId, now, context.CancellationToken);
        var spikeSettings = spikeOptions.CurrentValue;
        return new GetStatusResponse
        {
            SiteId = siteId,
            SpikeState = spike.Phase switch
            {
                SpikePhase.Spike => SpikeState.Spike,
                SpikePhase.Restoring => SpikeState.Restoring,
                _ => SpikeState.Normal,
            },
            Since = Timestamp.FromDateTimeOffset(spike.Since),
            AemoPricePerMwh = spike.PricePerMwh is { } price ? DecimalValue.FromDecimal(price) : null,
            AemoIntervalEnd = spike.IntervalEnd is { } end ? Timestamp.FromDateTimeOffset(end) : null,
            SpikeUntil = spike.Until is { } until ? Timestamp.FromDateTimeOffset(until) : null,
            Curtailed = curtailment.Curtailed,
            CurtailedSince = Timestamp.FromDateTimeOffset(curtailment.Since),
            FeedInEarningsCents = curtailment.EarningsCents is { } earnings ? DecimalValue.FromDecimal(earnings) : null,
            SpikeEnabled = spikeSettings.Enabled,
            CurtailmentEnabled = curtailmentOptions.CurrentValue.Enabled,
            SpikeThresholdPerMwh = DecimalValue.FromDecimal(spikeSettings.ThresholdPerMwh),
            SpikeExitPerMwh = DecimalValue.FromDecimal(spikeSettings.ExitPerMwh),
            SpikeTestMode = spikeSettings.TestMode,
            DemandWindowEnabled = demandWindowOptions.CurrentValue.Enabled,
            InDemandWindow = demandWindow.InWindow,
            DemandWindowSince = Timestamp.FromDateTimeOffset(demandWindow.Since),
            DemandWindow = demandWindowOptions.CurrentValue.Schedule.ToString(),
            DemandWindowTimeZone = zones.Known?.Id ?? string.Empty,
            DemandWindowCheckedAt = demandWindow.CheckedAt is { } checkedAt ? Timestamp.FromDateTimeOffset(checkedAt) : null,
        };
    }

    public override async Task<GetEventLogResponse> GetEventLog(GetEventLogRequest request, ServerCallContext context)
    {
        var siteId = SiteIdOf(request.SiteId);
        if (request.Limit is < 0 or > MaxLimit)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Ask for 1 to {MaxLimit} entries (0 = {DefaultLimit})."));
        }

        var rows = await store.DecisionsAsync(siteId, request.Limit == 0 ? DefaultLimit : request.Limit, context.CancellationToken);
        var response = new GetEventLogResponse { SiteId = siteId };
        response.Decisions.AddRange(rows.Select(row => new GridDecision
        {
            Id = row.Id,
            At = Timestamp.FromDateTimeOffset(row.At),
            Machine = row.Machine,
            Trigger = row.Trigger,
            Input = row.Input is { } input ? DecimalValue.FromDecimal(input) : null,
            Threshold = row.Threshold is { } threshold ? DecimalValue.FromDecimal(threshold) : null,
            StateBefore = row.StateBefore,
            StateAfter = row.StateAfter,
            Reason = row.Reason,
            Action = row.Action,
            Outcome = row.Outcome,
            Succeeded = row.Succeeded,
        }));
        return response;
    }

    private string SiteIdOf(string requested) =>
        site.Value.Resolve(requested) ?? throw new RpcException(new Status(StatusCode.NotFound, $"Unknown site '{requested}'."));

    public override async Task<ForceStatus> StartForce(StartForceRequest request, ServerCallContext context)
    {
        SiteIdOf(request.SiteId);
        if (request.Direction == ForceDirection.Unspecified)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Choose a direction: charge or discharge."));
        }

        if (request.Minutes is < 1 or > ForceController.MaxMinutes)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"A force lasts 1 to {ForceController.MaxMinutes} minutes."));
        }

        var outcome = await force.StartAsync(request.Direction == ForceDirection.Charge, request.Minutes, context.CancellationToken);
        return outcome.Succeeded ? ToMessage(outcome) : throw new RpcException(new Status(StatusCode.Unavailable, outcome.Outcome));
    }

    public override async Task<ForceStatus> CancelForce(CancelForceRequest request, ServerCallContext context)
    {
        SiteIdOf(request.SiteId);
        var outcome = await force.CancelAsync(context.CancellationToken);
        return outcome.Succeeded ? ToMessage(outcome) : throw new RpcException(new Status(StatusCode.Unavailable, outcome.Outcome));
    }

    public override Task<GetSettingsResponse> GetSettings(GetSettingsRequest request, ServerCallContext context)
    {
        SiteIdOf(request.SiteId);
        var response = new GetSettingsResponse();
        response.Settings.AddRange(settings.Describe().Select(ToMessage));
        return Task.FromResult(response);
    }

    public override async Task<UpdateSettingsResponse> UpdateSettings(UpdateSettingsRequest request, ServerCallContext context)
    {
        SiteIdOf(request.SiteId);
        var problems = await settings.UpdateAsync(request.Values, context.CancellationToken);
        var response = new UpdateSettingsResponse();
        response.Settings.AddRange(settings.Describe().Select(ToMessage));
        response.Problems.AddRange(problems.Select(p => new SettingProblem { Key = p.Key, Message = p.Message }));
        return response;
    }

    private static Contracts.GridEvents.V1.GridSetting ToMessage(SettingView view) => new()
    {
        Key = view.Setting.Key,
        Label = view.Setting.Label,
        Description = view.Setting.Description,
        Kind = view.Setting.Kind switch
        {
            Settings.SettingKind.Bool => Contracts.GridEvents.V1.SettingKind.Bool,
            Settings.SettingKind.Number => Contracts.GridEvents.V1.SettingKind.Number,
            Settings.SettingKind.Time => Contracts.GridEvents.V1.SettingKind.Time,
            Settings.SettingKind.Days => Contracts.GridEvents.V1.SettingKind.Days,
            _ => Contracts.GridEvents.V1.SettingKind.Unspecified,
        },
        Unit = view.Setting.Unit ?? string.Empty,
        Value = view.Value,
        DefaultValue = view.Default,
        Min = view.Setting.Min is { } min ? DecimalValue.FromDecimal(min) : null,
        Max = view.Setting.Max is { } max ? DecimalValue.FromDecimal(max) : null,
    };

    private static ForceStatus ToMessage(ForceOutcome outcome) => new()
    {
        Direction = outcome.Charging switch
        {
            true => ForceDirection.Charge,
            false => ForceDirection.Discharge,
            null => ForceDirection.Unspecified,
        },
        Until = outcome.Until is { } until ? Timestamp.FromDateTimeOffset(until) : null,
        Outcome = outcome.Outcome,
    };
}
