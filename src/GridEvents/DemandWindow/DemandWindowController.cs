using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Events;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.EventBus;
using TeslaSync.GridEvents.Decisions;
using TeslaSync.GridEvents.Overrides;
using TeslaSync.GridEvents.Storage;
using TeslaSync.ServiceDefaults;
using SiteTimeZone = TeslaSync.GridEvents.Sites.SiteTimeZone;
using SiteZone = TeslaSync.GridEvents.Sites.SiteZone;

namespace TeslaSync.GridEvents.DemandWindow;

/// <summary>
/// Runs the demand-window state machine for this site: entering = TariffSync's grid-charging
/// override "demand-window" (allowed = false); leaving = release it (TariffSync puts the user's own
/// setting back). Evaluated on every check; TariffSync hears from it only when the state changes.
/// </summary>
internal sealed partial class DemandWindowController(
    GridStateStore store,
    OverridesGateway overrides,
    SiteTimeZone zones,
    IEventBus bus,
    DecisionGate gate,
    IOptions<DemandWindowOptions> options,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<DemandWindowController> logger)
{
    private const string Machine = "demand-window";
    private readonly DemandWindowMachine _machine = new(options.Value.Schedule);

    private string SiteId => site.Value.Id;

    private bool Enabled => options.Value.Enabled;

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        // Asked before taking the gate: TariffSync may be slow, and prices must not wait for it.
        var zone = await ZoneAsync(cancellationToken);
        using var entered = await gate.EnterAsync(cancellationToken);
        var now = time.GetUtcNow();
        var state = await store.DemandWindowAsync(SiteId, now, cancellationToken);
        await ExecuteAsync(_machine.OnTick(state, now, zone.Zone, Enabled), DecisionTrigger.Tick, zone, cancellationToken);
    }

    /// <summary>After a start: what TariffSync holds against what we think.</summary>
    public async Task ReconcileAsync(GetOverridesResponse held, CancellationToken cancellationToken)
    {
        var zone = await ZoneAsync(cancellationToken);
        using var entered = await gate.EnterAsync(cancellationToken);
        var now = time.GetUtcNow();
        var state = await store.DemandWindowAsync(SiteId, now, cancellationToken);
        var holds = held.Overrides.Any(o => o.Name == OverridesGateway.DemandWindowName);
        await ExecuteAsync(_machine.Reconcile(state, holds, now, zone.Zone, Enabled), DecisionTrigger.Start, zone, cancellationToken);
    }

    /// <summary>Turned off, the zone does not matter (a held block is released either way), so TariffSync is not asked.</summary>
    private async Task<SiteZone> ZoneAsync(CancellationToken cancellationToken) =>
        Enabled ? await zones.ResolveAsync(cancellationToken) : new SiteZone(null, "demand window off");

    private async Task ExecuteAsync(Decision<DemandWindowSnapshot> decision, DecisionTrigger trigger, SiteZone zone, CancellationToken cancellationToken)
    {
        if (decision.AsksTariffSync)
        {
            await store.SaveAsync(SiteId, decision.After, cancellationToken);
        }

        var result = decision.Action switch
        {
            OverrideAction.Apply => await overrides.ApplyDemandWindowAsync(SiteId, cancellationToken),
            // Putting the user's own setting back is TariffSync's job once released (ADR 0005); a pending restore is not waited for.
            OverrideAction.Release => await overrides.ReleaseAsync(SiteId, OverridesGateway.DemandWindowName, cancellationToken),
            _ => new OverrideCallResult(true, zone.Zone is null && Enabled ? zone.Source : string.Empty),
        };
        var after = decision.AsksTariffSync && result.Succeeded ? DemandWindowMachine.Acknowledged(decision.After) : decision.After;
        var now = time.GetUtcNow();

        var changed = decision.Before.InWindow != after.InWindow;
        // Quiet checks are not logged; a reconciliation at start always is (it explains what a restart found).
        var noteworthy = trigger == DecisionTrigger.Start || decision.Action != OverrideAction.None || changed;
        var row = noteworthy
            ? DecisionRecord.Row(SiteId, Machine, trigger, decision, Label(decision.Before.InWindow), Label(after.InWindow), result, now)
            : null;
        await store.SaveAsync(SiteId, after, cancellationToken, row);

        if (noteworthy)
        {
            LogDecision(Label(decision.Before.InWindow), Label(after.InWindow), decision.Reason, result.Outcome);
        }

        if (!result.Succeeded)
        {
            LogTariffSyncFailed(decision.Action, result.Outcome);
        }

        if (changed)
        {
            await PublishAsync(after, decision.Reason, result.Succeeded, now, cancellationToken);
        }
    }

    private async Task PublishAsync(DemandWindowSnapshot after, string reason, bool applied, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await bus.PublishAsync(new DemandWindowChanged
            {
                SiteId = SiteId,
                OccurredAt = now,
                InWindow = after.InWindow,
                Window = options.Value.Schedule.ToString(),
                Reason = reason,
                Applied = applied,
            }, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The decision is saved and acted on; a missed notification must not undo or repeat it.
            LogPublishFailed(exception);
        }
    }

    internal static string Label(bool inWindow) => inWindow ? "inside" : "outside";

    [LoggerMessage(Level = LogLevel.Information, Message = "Demand window: {Before} -> {After}: {Reason}; {Outcome}")]
    private partial void LogDecision(string before, string after, string reason, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demand window: {Action} failed, retried at the next check: {Outcome}")]
    private partial void LogTariffSyncFailed(OverrideAction action, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demand window: the change could not be published")]
    private partial void LogPublishFailed(Exception exception);
}
