using Microsoft.Extensions.Options;
using TeslaSync.Contracts.GridEvents.V1;
using TeslaSync.ServiceDefaults;
using GridEventsClient = TeslaSync.Contracts.GridEvents.V1.GridEvents.GridEventsClient;

namespace TeslaSync.Gateway.Api;

/// <summary>What GridEvents is doing: AEMO spike state, export curtailment and the demand window.</summary>
public sealed record GridStatusDto(
    string? SpikeState,
    DateTimeOffset? Since,
    decimal? AemoPricePerMwh,
    DateTimeOffset? AemoIntervalEnd,
    DateTimeOffset? SpikeUntil,
    bool SpikeEnabled,
    decimal? SpikeThresholdPerMwh,
    decimal? SpikeExitPerMwh,
    bool SpikeTestMode,
    bool Curtailed,
    DateTimeOffset? CurtailedSince,
    decimal? FeedInEarningsCents,
    bool CurtailmentEnabled,
    bool DemandWindowEnabled,
    bool InDemandWindow,
    DateTimeOffset? DemandWindowSince,
    string? DemandWindow,
    string? DemandWindowTimeZone,
    DateTimeOffset? DemandWindowCheckedAt);

/// <summary>One decision GridEvents took, with its reason.</summary>
public sealed record GridDecisionDto(
    long Id,
    DateTimeOffset? At,
    string Machine,
    string Trigger,
    decimal? Input,
    decimal? Threshold,
    string? StateBefore,
    string? StateAfter,
    string Reason,
    string? Action,
    string? Outcome,
    bool Succeeded);

/// <summary>A manual force: <c>direction</c> is charge or discharge, null when none is active.</summary>
public sealed record ForceStatusDto(string? Direction, DateTimeOffset? Until, string? Outcome);

/// <summary>Body of <c>POST /api/grid/force</c>.</summary>
public sealed record ForceRequest(string? Direction, int? Minutes);

/// <summary>GridEvents: status, the decision log and manual force charge/discharge.</summary>
internal static class GridApi
{
    private const string Service = "GridEvents";
    private const int MaxForceMinutes = 1440;

    private static readonly Dictionary<string, ForceDirection> Directions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["charge"] = ForceDirection.Charge,
        ["discharge"] = ForceDirection.Discharge,
    };

    public static RouteGroupBuilder MapGridApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/grid").WithTags("Grid");

        group.MapGet("/status", (GridEventsClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
                BackendCall.RunAsync(Service,
                    () => client.GetStatusAsync(new GetStatusRequest { SiteId = site.Value.Id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    s => new GridStatusDto(
                        Wire.Name(s.SpikeState), Wire.Time(s.Since), Wire.Money(s.AemoPricePerMwh), Wire.Time(s.AemoIntervalEnd), Wire.Time(s.SpikeUntil),
                        s.SpikeEnabled, Wire.Money(s.SpikeThresholdPerMwh), Wire.Money(s.SpikeExitPerMwh), s.SpikeTestMode,
                        s.Curtailed, Wire.Time(s.CurtailedSince), Wire.Money(s.FeedInEarningsCents), s.CurtailmentEnabled,
                        s.DemandWindowEnabled, s.InDemandWindow, Wire.Time(s.DemandWindowSince), Wire.Text(s.DemandWindow),
                        Wire.Text(s.DemandWindowTimeZone), Wire.Time(s.DemandWindowCheckedAt))))
            .WithName("GetGridStatus")
            .WithSummary("AEMO spike state and price, export curtailment and the demand window, with their settings.")
            .Produces<GridStatusDto>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/events", async (string? limit, GridEventsClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
            {
                var input = new ApiInput();
                var count = input.Integer("limit", limit, 50, 1, 500);
                if (!input.IsValid)
                {
                    return input.Problem();
                }

                return await BackendCall.RunAsync(Service,
                    () => client.GetEventLogAsync(new GetEventLogRequest { SiteId = site.Value.Id, Limit = count!.Value }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    response => response.Decisions.Select(d => new GridDecisionDto(
                        d.Id, Wire.Time(d.At), d.Machine, d.Trigger, Wire.Money(d.Input), Wire.Money(d.Threshold), Wire.Text(d.StateBefore),
                        Wire.Text(d.StateAfter), d.Reason, Wire.Text(d.Action), Wire.Text(d.Outcome), d.Succeeded)).ToList());
            })
            .WithName("GetGridEventLog")
            .WithSummary("GridEvents' decisions, newest first, each with its reason. limit: 1 to 500 (default 50).")
            .Produces<List<GridDecisionDto>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPost("/force", async (ForceRequest? body, GridEventsClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
            {
                var input = new ApiInput();
                var direction = body?.Direction is null ? null : input.Choice("direction", body.Direction, ForceDirection.Unspecified, Directions);
                if (body?.Direction is null)
                {
                    input.Error("direction", "Give direction: charge or discharge.");
                }

                if (body?.Minutes is not (>= 1 and <= MaxForceMinutes))
                {
                    input.Error("minutes", $"Give minutes from 1 to {MaxForceMinutes}.");
                }

                if (!input.IsValid)
                {
                    return input.Problem();
                }

                var request = new StartForceRequest { SiteId = site.Value.Id, Direction = direction!.Value, Minutes = body!.Minutes!.Value };
                return await BackendCall.RunAsync(Service,
                    () => client.StartForceAsync(request, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    Map);
            })
            .WithName("StartForce")
            .WithSummary("Forces the Powerwall to charge from or discharge to the grid for a while: {\"direction\": \"discharge\", \"minutes\": 30}.")
            .Produces<ForceStatusDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapDelete("/force", (GridEventsClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
                BackendCall.RunAsync(Service,
                    () => client.CancelForceAsync(new CancelForceRequest { SiteId = site.Value.Id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    Map))
            .WithName("CancelForce")
            .WithSummary("Ends a manual force charge or discharge and restores the normal settings.")
            .Produces<ForceStatusDto>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return api;
    }

    private static ForceStatusDto Map(ForceStatus status) => new(Wire.Name(status.Direction), Wire.Time(status.Until), Wire.Text(status.Outcome));
}
