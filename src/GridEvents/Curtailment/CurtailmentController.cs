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
/// <see cref="DecisionRunner"/> carries out its decisions.
/// </summary>
internal sealed partial class CurtailmentController(
    DecisionRunner decisions,
    GridStateStore store,
    OverridesGateway overrides,
    IEventBus bus,
    IOptionsMonitor<CurtailmentOptions> options,
    IOptions<SiteOptions> site,
    ILogger<CurtailmentController> logger) : IDecisionSteps<CurtailmentSnapshot>
{
    private readonly CurtailmentMachine _machine = new(options.CurrentValue);

    public string Machine => "curtailment";

    /// <summary>Once released, putting the user's own rule back is TariffSync's job (ADR 0005), so a pending restore is not waited for.</summary>
    public string OverrideName => OverridesGateway.CurtailmentName;

    private string SiteId => site.Value.Id;

    public Task OnEarningsAsync(decimal earningsCents, DateTimeOffset intervalEnd, CancellationToken cancellationToken) =>
        decisions.RunAsync(this, DecisionTrigger.Price, (state, now) => _machine.OnEarnings(state, earningsCents, intervalEnd, now), cancellationToken);

    public Task TickAsync(CancellationToken cancellationToken) =>
        decisions.RunAsync(this, DecisionTrigger.Tick, (state, now) => _machine.OnTick(state, now, options.CurrentValue.Enabled), cancellationToken);

    public Task ReconcileAsync(GetOverridesResponse held, CancellationToken cancellationToken)
    {
        var holds = held.Overrides.Any(o => o.Name == OverridesGateway.CurtailmentName);
        return decisions.RunAsync(this, DecisionTrigger.Start, (state, now) => _machine.Reconcile(state, holds, now, options.CurrentValue.Enabled), cancellationToken);
    }

    public string Label(CurtailmentSnapshot state) => state.Curtailed ? "curtailed" : "exporting";

    public Task<CurtailmentSnapshot> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        store.CurtailmentAsync(SiteId, now, cancellationToken);

    public Task SaveAsync(CurtailmentSnapshot state, DecisionRow? decision, CancellationToken cancellationToken) =>
        store.SaveAsync(SiteId, state, cancellationToken, decision);

    public Task<OverrideCallResult> ApplyAsync(CurtailmentSnapshot intended, CancellationToken cancellationToken) =>
        overrides.ApplyCurtailmentAsync(SiteId, cancellationToken);

    public CurtailmentSnapshot Acknowledged(CurtailmentSnapshot intended, OverrideAction action, OverrideCallResult result, DateTimeOffset now) =>
        CurtailmentMachine.Acknowledged(intended, now);

    public Task PublishChangeAsync(DecisionOutcome<CurtailmentSnapshot> outcome, CancellationToken cancellationToken) =>
        bus.PublishAsync(new CurtailmentChanged
        {
            SiteId = SiteId,
            OccurredAt = outcome.At,
            Curtailed = outcome.After.Curtailed,
            EarningsCents = outcome.Trigger == DecisionTrigger.Price ? outcome.After.EarningsCents : null,
            Reason = outcome.Decision.Reason,
            Applied = outcome.Result.Succeeded,
        }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Curtailment: {Before} -> {After}: {Reason}; {Outcome}")]
    public partial void LogDecision(string before, string after, string reason, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Curtailment: {Action} failed, retried at the next check: {Outcome}")]
    public partial void LogTariffSyncFailed(OverrideAction action, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Curtailment: the change could not be published")]
    public partial void LogPublishFailed(Exception exception);
}
