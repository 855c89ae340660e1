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
/// <see cref="DecisionRunner"/> does all of that but what is particular to the spike.
/// </summary>
internal sealed partial class SpikeController(
    DecisionRunner decisions,
    GridStateStore store,
    OverridesGateway overrides,
    IEventBus bus,
    IOptionsMonitor<SpikeOptions> options,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<SpikeController> logger) : IDecisionSteps<SpikeSnapshot>
{
    private readonly SpikeMachine _machine = new(options.CurrentValue);

    public string Machine => "spike";

    public string OverrideName => OverridesGateway.SpikeName;

    private string SiteId => site.Value.Id;

    public Task OnPriceAsync(decimal pricePerMwh, DateTimeOffset intervalEnd, CancellationToken cancellationToken) =>
        decisions.RunAsync(this, DecisionTrigger.Price, (state, now) => _machine.OnPrice(state, pricePerMwh, intervalEnd, now), cancellationToken);

    public Task TickAsync(CancellationToken cancellationToken) =>
        decisions.RunAsync(this, DecisionTrigger.Tick, (state, now) => _machine.OnTick(state, now, options.CurrentValue.Enabled), cancellationToken);

    /// <summary>After a start: what TariffSync holds against what we think.</summary>
    public Task ReconcileAsync(GetOverridesResponse held, CancellationToken cancellationToken)
    {
        var holds = held.Overrides.Any(o => o.Name == OverridesGateway.SpikeName);
        return decisions.RunAsync(this, DecisionTrigger.Start, (state, now) => _machine.Reconcile(state, holds, now, options.CurrentValue.Enabled), cancellationToken);
    }

    public string Label(SpikeSnapshot state) => state.Phase.ToString().ToLowerInvariant();

    public Task<SpikeSnapshot> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken) => store.SpikeAsync(SiteId, now, cancellationToken);

    public Task SaveAsync(SpikeSnapshot state, DecisionRow? decision, CancellationToken cancellationToken) =>
        store.SaveAsync(SiteId, state, cancellationToken, decision);

    public Task<OverrideCallResult> ApplyAsync(SpikeSnapshot intended, CancellationToken cancellationToken) =>
        overrides.ApplySpikeAsync(SiteId, intended.Until ?? time.GetUtcNow() + options.CurrentValue.ExtendMargin, cancellationToken);

    public SpikeSnapshot Acknowledged(SpikeSnapshot intended, OverrideAction action, OverrideCallResult result, DateTimeOffset now) => action switch
    {
        OverrideAction.Apply => SpikeMachine.Applied(intended),
        // Released (or asked again): the spike is over only once TariffSync has put the baseline back.
        _ when result.Restoring => intended,
        _ => SpikeMachine.Restored(intended, now),
    };

    /// <summary>Releases again (a no-op once done) and asks whether the tariff and mode baselines are back.</summary>
    public async Task<OverrideCallResult> ConfirmRestoreAsync(CancellationToken cancellationToken)
    {
        var released = await overrides.ReleaseAsync(SiteId, OverridesGateway.SpikeName, cancellationToken);
        if (!released.Succeeded)
        {
            return released;
        }

        var (held, result) = await overrides.GetAsync(SiteId, cancellationToken);
        if (held is null)
        {
            return result;
        }

        var pending = held.Baselines.Where(b => b.Restoring && b.Setting is OverrideSetting.Tariff or OverrideSetting.OperationMode).ToList();
        if (pending.Count > 0 || held.Overrides.Any(o => o.Name == OverridesGateway.SpikeName))
        {
            var errors = string.Join("; ", pending.Select(b => $"{b.Setting}: {b.LastError}"));
            return new OverrideCallResult(true, $"TariffSync is still restoring ({errors})", Restoring: true);
        }

        return new OverrideCallResult(true, "TariffSync confirms the baseline tariff and mode are back");
    }

    /// <summary>Entering the spike starts it, leaving it ends it; restoring → normal is no news to the others.</summary>
    public Task PublishChangeAsync(DecisionOutcome<SpikeSnapshot> outcome, CancellationToken cancellationToken)
    {
        var (decision, _, after, result, now) = outcome;
        return (decision.Before.Phase, after.Phase) switch
        {
            (not SpikePhase.Spike, SpikePhase.Spike) => bus.PublishAsync(new SpikeStarted
            {
                SiteId = SiteId,
                OccurredAt = now,
                PricePerMwh = after.PricePerMwh ?? 0m,
                ThresholdPerMwh = options.CurrentValue.ThresholdPerMwh,
                IntervalEnd = after.IntervalEnd ?? now,
                Until = after.Until ?? now,
                Applied = result.Succeeded,
                TestMode = options.CurrentValue.TestMode,
            }, cancellationToken),
            (SpikePhase.Spike, not SpikePhase.Spike) => bus.PublishAsync(new SpikeEnded
            {
                SiteId = SiteId,
                OccurredAt = now,
                PricePerMwh = after.PricePerMwh,
                Reason = decision.Reason,
                Restoring = after.Phase == SpikePhase.Restoring,
            }, cancellationToken),
            _ => Task.CompletedTask,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Spike: {Before} -> {After}: {Reason}; {Outcome}")]
    public partial void LogDecision(string before, string after, string reason, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spike: {Action} failed, retried at the next check: {Outcome}")]
    public partial void LogTariffSyncFailed(OverrideAction action, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spike: the state change could not be published")]
    public partial void LogPublishFailed(Exception exception);
}
