using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Events;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.EventBus;
using TeslaSync.GridEvents.Decisions;
using TeslaSync.GridEvents.Overrides;
using TeslaSync.GridEvents.Storage;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.GridEvents.Curtailment;

/// <summary>
/// Runs the curtailment state machine for this site: curtail = TariffSync's export-rule override
/// "never" named "curtailment"; restore = release it (TariffSync puts the user's own rule back).
/// </summary>
internal sealed partial class CurtailmentController(
    GridStateStore store,
    OverridesGateway overrides,
    IEventBus bus,
    DecisionGate gate,
    IOptions<CurtailmentOptions> options,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<CurtailmentController> logger)
{
    private const string Machine = "curtailment";
    private readonly CurtailmentMachine _machine = new(options.Value);

    private string SiteId => site.Value.Id;

    public async Task OnEarningsAsync(decimal earningsCents, DateTimeOffset intervalEnd, CancellationToken cancellationToken)
    {
        using var entered = await gate.EnterAsync(cancellationToken);
        var now = time.GetUtcNow();
        var state = await store.CurtailmentAsync(SiteId, now, cancellationToken);
        await ExecuteAsync(_machine.OnEarnings(state, earningsCents, intervalEnd, now), DecisionTrigger.Price, cancellationToken);
    }

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        using var entered = await gate.EnterAsync(cancellationToken);
        var now = time.GetUtcNow();
        var state = await store.CurtailmentAsync(SiteId, now, cancellationToken);
        await ExecuteAsync(_machine.OnTick(state, now, options.Value.Enabled), DecisionTrigger.Tick, cancellationToken);
    }

    public async Task ReconcileAsync(GetOverridesResponse held, CancellationToken cancellationToken)
    {
        using var entered = await gate.EnterAsync(cancellationToken);
        var now = time.GetUtcNow();
        var state = await store.CurtailmentAsync(SiteId, now, cancellationToken);
        var holds = held.Overrides.Any(o => o.Name == OverridesGateway.CurtailmentName);
        await ExecuteAsync(_machine.Reconcile(state, holds, now, options.Value.Enabled), DecisionTrigger.Start, cancellationToken);
    }

    private async Task ExecuteAsync(Decision<CurtailmentSnapshot> decision, DecisionTrigger trigger, CancellationToken cancellationToken)
    {
        if (decision.AsksTariffSync)
        {
            await store.SaveAsync(SiteId, decision.After, cancellationToken);
        }

        var result = decision.Action switch
        {
            OverrideAction.Apply => await overrides.ApplyCurtailmentAsync(SiteId, cancellationToken),
            // Restoring the user's rule is TariffSync's job once released (ADR 0005), so a pending restore is not waited for.
            OverrideAction.Release => await overrides.ReleaseAsync(SiteId, OverridesGateway.CurtailmentName, cancellationToken),
            _ => new OverrideCallResult(true, string.Empty),
        };
        var now = time.GetUtcNow();
        var after = decision.Action != OverrideAction.None && result.Succeeded ? CurtailmentMachine.Acknowledged(decision.After, now) : decision.After;

        var changed = decision.Before.Curtailed != after.Curtailed;
        // Quiet checks are not logged; a reconciliation at start always is (it explains what a restart found).
        var noteworthy = trigger == DecisionTrigger.Start || decision.Action != OverrideAction.None || changed;
        var row = noteworthy
            ? DecisionRecord.Row(SiteId, Machine, trigger, decision, Label(decision.Before.Curtailed), Label(after.Curtailed), result, now)
            : null;
        await store.SaveAsync(SiteId, after, cancellationToken, row);

        if (noteworthy)
        {
            LogDecision(Label(decision.Before.Curtailed), Label(after.Curtailed), decision.Reason, result.Outcome);
        }

        if (!result.Succeeded)
        {
            LogTariffSyncFailed(decision.Action, result.Outcome);
        }

        if (changed)
        {
            try
            {
                await bus.PublishAsync(new CurtailmentChanged
                {
                    SiteId = SiteId,
                    OccurredAt = now,
                    Curtailed = after.Curtailed,
                    EarningsCents = trigger == DecisionTrigger.Price ? after.EarningsCents : null,
                    Reason = decision.Reason,
                    Applied = result.Succeeded,
                }, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The decision is saved and acted on; a missed notification must not undo or repeat it.
                LogPublishFailed(exception);
            }
        }
    }

    internal static string Label(bool curtailed) => curtailed ? "curtailed" : "exporting";

    [LoggerMessage(Level = LogLevel.Information, Message = "Curtailment: {Before} -> {After}: {Reason}; {Outcome}")]
    private partial void LogDecision(string before, string after, string reason, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Curtailment: {Action} failed, retried at the next check: {Outcome}")]
    private partial void LogTariffSyncFailed(OverrideAction action, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Curtailment: the change could not be published")]
    private partial void LogPublishFailed(Exception exception);
}
