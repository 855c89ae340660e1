using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Events;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.EventBus;
using TeslaSync.GridEvents.Decisions;
using TeslaSync.GridEvents.Overrides;
using TeslaSync.GridEvents.Storage;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.GridEvents.DemandWindow;

/// <summary>
/// Runs the demand-window state machine for this site: entering = TariffSync's grid-charging
/// override "demand-window" (allowed = false); leaving = release it (TariffSync puts the user's own
/// setting back). Evaluated on every check; TariffSync hears from it only when the state changes.
/// <see cref="DecisionRunner"/> carries out its decisions.
/// </summary>
internal sealed partial class DemandWindowController(
    DecisionRunner decisions,
    GridStateStore store,
    OverridesGateway overrides,
    SiteTimeZone zones,
    IEventBus bus,
    IOptionsMonitor<DemandWindowOptions> options,
    IOptions<SiteOptions> site,
    ILogger<DemandWindowController> logger) : IDecisionSteps<DemandWindowSnapshot>
{
    private readonly DemandWindowMachine _machine = new(options.CurrentValue.Schedule);

    public string Machine => "demand-window";

    /// <summary>Once released, putting the user's own setting back is TariffSync's job (ADR 0005), so a pending restore is not waited for.</summary>
    public string OverrideName => OverridesGateway.DemandWindowName;

    private string SiteId => site.Value.Id;

    private bool Enabled => options.CurrentValue.Enabled;

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        // Asked before taking the gate: TariffSync may be slow, and prices must not wait for it.
        var zone = await ZoneAsync(cancellationToken);
        await decisions.RunAsync(this, DecisionTrigger.Tick, (state, now) => _machine.OnTick(state, now, zone.Zone, Enabled), IdleOutcome(zone), cancellationToken);
    }

    /// <summary>After a start: what TariffSync holds against what we think.</summary>
    public async Task ReconcileAsync(GetOverridesResponse held, CancellationToken cancellationToken)
    {
        var zone = await ZoneAsync(cancellationToken);
        var holds = held.Overrides.Any(o => o.Name == OverridesGateway.DemandWindowName);
        await decisions.RunAsync(
            this, DecisionTrigger.Start, (state, now) => _machine.Reconcile(state, holds, now, zone.Zone, Enabled), IdleOutcome(zone), cancellationToken);
    }

    public string Label(DemandWindowSnapshot state) => state.InWindow ? "inside" : "outside";

    public Task<DemandWindowSnapshot> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        store.DemandWindowAsync(SiteId, now, cancellationToken);

    public Task SaveAsync(DemandWindowSnapshot state, DecisionRow? decision, CancellationToken cancellationToken) =>
        store.SaveAsync(SiteId, state, cancellationToken, decision);

    public Task<OverrideCallResult> ApplyAsync(DemandWindowSnapshot intended, CancellationToken cancellationToken) =>
        overrides.ApplyDemandWindowAsync(SiteId, cancellationToken);

    public DemandWindowSnapshot Acknowledged(DemandWindowSnapshot intended, OverrideAction action, OverrideCallResult result, DateTimeOffset now) =>
        DemandWindowMachine.Acknowledged(intended);

    public Task PublishChangeAsync(DecisionOutcome<DemandWindowSnapshot> outcome, CancellationToken cancellationToken) =>
        bus.PublishAsync(new DemandWindowChanged
        {
            SiteId = SiteId,
            OccurredAt = outcome.At,
            InWindow = outcome.After.InWindow,
            Window = options.CurrentValue.Schedule.ToString(),
            Reason = outcome.Decision.Reason,
            Applied = outcome.Result.Succeeded,
        }, cancellationToken);

    /// <summary>Turned off, the zone does not matter (a held block is released either way), so TariffSync is not asked.</summary>
    private async Task<SiteZone> ZoneAsync(CancellationToken cancellationToken) =>
        Enabled ? await zones.ResolveAsync(cancellationToken) : new SiteZone(null, "demand window off");

    /// <summary>While the zone is not known nothing is decided; the event log says why it is not.</summary>
    private string IdleOutcome(SiteZone zone) => zone.Zone is null && Enabled ? zone.Source : string.Empty;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demand window: {Before} -> {After}: {Reason}; {Outcome}")]
    public partial void LogDecision(string before, string after, string reason, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demand window: {Action} failed, retried at the next check: {Outcome}")]
    public partial void LogTariffSyncFailed(OverrideAction action, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demand window: the change could not be published")]
    public partial void LogPublishFailed(Exception exception);
}
