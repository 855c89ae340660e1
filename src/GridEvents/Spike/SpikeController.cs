using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Events;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.EventBus;
using TeslaSync.GridEvents.Decisions;
using TeslaSync.GridEvents.Overrides;
using TeslaSync.GridEvents.Storage;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.GridEvents.Spike;

/// <summary>
/// Runs the spike state machine for this site: loads the state, decides, asks TariffSync, saves
/// the state with the logged decision, and tells the others when a spike starts or ends.
/// </summary>
internal sealed partial class SpikeController(
    GridStateStore store,
    OverridesGateway overrides,
    IEventBus bus,
    DecisionGate gate,
    IOptions<SpikeOptions> options,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<SpikeController> logger)
{
    private const string Machine = "spike";
    private readonly SpikeMachine _machine = new(options.Value);

    private string SiteId => site.Value.Id;

    public async Task OnPriceAsync(decimal pricePerMwh, DateTimeOffset intervalEnd, CancellationToken cancellationToken)
    {
        using var entered = await gate.EnterAsync(cancellationToken);
        var now = time.GetUtcNow();
        var state = await store.SpikeAsync(SiteId, now, cancellationToken);
        await ExecuteAsync(_machine.OnPrice(state, pricePerMwh, intervalEnd, now), DecisionTrigger.Price, cancellationToken);
    }

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        using var entered = await gate.EnterAsync(cancellationToken);
        var now = time.GetUtcNow();
        var state = await store.SpikeAsync(SiteId, now, cancellationToken);
        await ExecuteAsync(_machine.OnTick(state, now, options.Value.Enabled), DecisionTrigger.Tick, cancellationToken);
    }

    /// <summary>After a start: what TariffSync holds against what we think.</summary>
    public async Task ReconcileAsync(GetOverridesResponse held, CancellationToken cancellationToken)
    {
        using var entered = await gate.EnterAsync(cancellationToken);
        var now = time.GetUtcNow();
        var state = await store.SpikeAsync(SiteId, now, cancellationToken);
        var holds = held.Overrides.Any(o => o.Name == OverridesGateway.SpikeName);
        await ExecuteAsync(_machine.Reconcile(state, holds, now, options.Value.Enabled), DecisionTrigger.Start, cancellationToken);
    }

    private async Task ExecuteAsync(Decision<SpikeSnapshot> decision, DecisionTrigger trigger, CancellationToken cancellationToken)
    {
        if (decision.AsksTariffSync)
        {
            await store.SaveAsync(SiteId, decision.After, cancellationToken);
        }

        var (after, result) = decision.Action switch
        {
            OverrideAction.Apply => await ApplyAsync(decision.After, cancellationToken),
            OverrideAction.Release => await ReleaseAsync(decision.After, cancellationToken),
            OverrideAction.ConfirmRestore => await ConfirmRestoreAsync(decision.After, cancellationToken),
            _ => (decision.After, new OverrideCallResult(true, string.Empty)),
        };

        var now = time.GetUtcNow();
        // A pending restore is asked about every minute; only the answer that ends it is worth a line.
        // A reconciliation at start always is: it explains what a restart found and did.
        var noteworthy = trigger == DecisionTrigger.Start
            || decision.Action is OverrideAction.Apply or OverrideAction.Release
            || decision.Before.Phase != after.Phase;
        var row = noteworthy
            ? DecisionRecord.Row(SiteId, Machine, trigger, decision, Label(decision.Before.Phase), Label(after.Phase), result, now)
            : null;
        await store.SaveAsync(SiteId, after, cancellationToken, row);

        if (noteworthy)
        {
            LogDecision(Label(decision.Before.Phase), Label(after.Phase), decision.Reason, result.Outcome);
        }

        if (!result.Succeeded)
        {
            LogTariffSyncFailed(decision.Action, result.Outcome);
        }

        await PublishAsync(decision, after, result, now, cancellationToken);
    }

    private async Task<(SpikeSnapshot, OverrideCallResult)> ApplyAsync(SpikeSnapshot state, CancellationToken cancellationToken)
    {
        var result = await overrides.ApplySpikeAsync(SiteId, state.Until ?? time.GetUtcNow() + options.Value.ExtendMargin, cancellationToken);
        return (result.Succeeded ? SpikeMachine.Applied(state) : state, result);
    }

    private async Task<(SpikeSnapshot, OverrideCallResult)> ReleaseAsync(SpikeSnapshot state, CancellationToken cancellationToken)
    {
        var result = await overrides.ReleaseAsync(SiteId, OverridesGateway.SpikeName, cancellationToken);
        return (result is { Succeeded: true, Restoring: false } ? SpikeMachine.Restored(state, time.GetUtcNow()) : state, result);
    }

    /// <summary>Releases again (a no-op once done) and asks whether the tariff and mode baselines are back.</summary>
    private async Task<(SpikeSnapshot, OverrideCallResult)> ConfirmRestoreAsync(SpikeSnapshot state, CancellationToken cancellationToken)
    {
        var released = await overrides.ReleaseAsync(SiteId, OverridesGateway.SpikeName, cancellationToken);
        if (!released.Succeeded)
        {
            return (state, released);
        }

        var (held, result) = await overrides.GetAsync(SiteId, cancellationToken);
        if (held is null)
        {
            return (state, result);
        }

        var pending = held.Baselines.Where(b => b.Restoring && b.Setting is OverrideSetting.Tariff or OverrideSetting.OperationMode).ToList();
        if (pending.Count > 0 || held.Overrides.Any(o => o.Name == OverridesGateway.SpikeName))
        {
            var errors = string.Join("; ", pending.Select(b => $"{b.Setting}: {b.LastError}"));
            return (state, new OverrideCallResult(true, $"TariffSync is still restoring ({errors})", Restoring: true));
        }

        return (SpikeMachine.Restored(state, time.GetUtcNow()), new OverrideCallResult(true, "TariffSync confirms the baseline tariff and mode are back"));
    }

    private async Task PublishAsync(Decision<SpikeSnapshot> decision, SpikeSnapshot after, OverrideCallResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        IntegrationEvent? message = (decision.Before.Phase, after.Phase) switch
        {
            (not SpikePhase.Spike, SpikePhase.Spike) => new SpikeStarted
            {
                SiteId = SiteId,
                OccurredAt = now,
                PricePerMwh = after.PricePerMwh ?? 0m,
                ThresholdPerMwh = options.Value.ThresholdPerMwh,
                IntervalEnd = after.IntervalEnd ?? now,
                Until = after.Until ?? now,
                Applied = result.Succeeded,
                TestMode = options.Value.TestMode,
            },
            (SpikePhase.Spike, not SpikePhase.Spike) => new SpikeEnded
            {
                SiteId = SiteId,
                OccurredAt = now,
                PricePerMwh = after.PricePerMwh,
                Reason = decision.Reason,
                Restoring = after.Phase == SpikePhase.Restoring,
            },
            _ => null,
        };

        try
        {
            switch (message)
            {
                case SpikeStarted started:
                    await bus.PublishAsync(started, cancellationToken);
                    break;
                case SpikeEnded ended:
                    await bus.PublishAsync(ended, cancellationToken);
                    break;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The decision is saved and acted on; a missed notification must not undo or repeat it.
            LogPublishFailed(exception);
        }
    }

    internal static string Label(SpikePhase phase) => phase.ToString().ToLowerInvariant();

    [LoggerMessage(Level = LogLevel.Information, Message = "Spike: {Before} -> {After}: {Reason}; {Outcome}")]
    private partial void LogDecision(string before, string after, string reason, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spike: {Action} failed, retried at the next check: {Outcome}")]
    private partial void LogTariffSyncFailed(OverrideAction action, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spike: the state change could not be published")]
    private partial void LogPublishFailed(Exception exception);
}
