using Microsoft.Extensions.Options;
using TeslaSync.GridEvents.Overrides;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.GridEvents.Decisions;

/// <summary>
/// Carries out every state machine's decisions the same way: decides on the saved state, asks
/// TariffSync, saves what came of it with the logged decision, and tells the others when the state
/// changed. What differs between the machines, they say through <see cref="IDecisionSteps{TSnapshot}"/>.
/// </summary>
internal sealed class DecisionRunner(DecisionGate gate, OverridesGateway overrides, IOptions<SiteOptions> site, TimeProvider time)
{
    private string SiteId => site.Value.Id;

    /// <summary>Lets <paramref name="decide"/> decide on the machine's saved state, and carries the decision out.</summary>
    public Task RunAsync<TSnapshot>(
        IDecisionSteps<TSnapshot> machine, DecisionTrigger trigger, Func<TSnapshot, DateTimeOffset, Decision<TSnapshot>> decide, CancellationToken cancellationToken)
        where TSnapshot : notnull =>
        RunAsync(machine, trigger, decide, string.Empty, cancellationToken);

    /// <param name="idleOutcome">What the event log says came of a decision that asks nothing of TariffSync.</param>
    public async Task RunAsync<TSnapshot>(
        IDecisionSteps<TSnapshot> machine, DecisionTrigger trigger, Func<TSnapshot, DateTimeOffset, Decision<TSnapshot>> decide, string idleOutcome,
        CancellationToken cancellationToken)
        where TSnapshot : notnull
    {
        using var entered = await gate.EnterAsync(cancellationToken);
        var now = time.GetUtcNow();
        var decision = decide(await machine.LoadAsync(now, cancellationToken), now);
        var outcome = await AskTariffSyncAsync(machine, decision, trigger, idleOutcome, cancellationToken);
        await RecordAsync(machine, outcome, cancellationToken);
        if (Changed(machine, outcome))
        {
            await PublishAsync(machine, outcome, cancellationToken);
        }
    }

    private async Task<DecisionOutcome<TSnapshot>> AskTariffSyncAsync<TSnapshot>(
        IDecisionSteps<TSnapshot> machine, Decision<TSnapshot> decision, DecisionTrigger trigger, string idleOutcome, CancellationToken cancellationToken)
        where TSnapshot : notnull
    {
        // Write ahead: a crash while TariffSync is asked finds the intended state on restart, and
        // reconciliation finishes what was started.
        if (decision.AsksTariffSync)
        {
            await machine.SaveAsync(decision.After, null, cancellationToken);
        }

        var result = decision.Action switch
        {
            OverrideAction.Apply => await machine.ApplyAsync(decision.After, cancellationToken),
            OverrideAction.Release => await overrides.ReleaseAsync(SiteId, machine.OverrideName, cancellationToken),
            OverrideAction.ConfirmRestore => await machine.ConfirmRestoreAsync(cancellationToken),
            _ => new OverrideCallResult(true, idleOutcome),
        };
        var now = time.GetUtcNow();
        var after = decision.Action != OverrideAction.None && result.Succeeded
            ? machine.Acknowledged(decision.After, decision.Action, result, now)
            : decision.After;
        return new DecisionOutcome<TSnapshot>(decision, trigger, after, result, now);
    }

    private async Task RecordAsync<TSnapshot>(IDecisionSteps<TSnapshot> machine, DecisionOutcome<TSnapshot> outcome, CancellationToken cancellationToken)
        where TSnapshot : notnull
    {
        var (decision, trigger, after, result, now) = outcome;
        var stateBefore = machine.Label(decision.Before);
        var stateAfter = machine.Label(after);
        // Quiet checks are not logged, and a pending restore is asked about every minute: only the
        // answer that ends it (a change of state) is worth a line. A reconciliation at start always
        // is: it explains what a restart found and did.
        var noteworthy = trigger == DecisionTrigger.Start || decision.AsksTariffSync || Changed(machine, outcome);
        var row = noteworthy ? DecisionRecord.Row(SiteId, machine.Machine, trigger, decision, stateBefore, stateAfter, result, now) : null;
        await machine.SaveAsync(after, row, cancellationToken);

        if (noteworthy)
        {
            machine.LogDecision(stateBefore, stateAfter, decision.Reason, result.Outcome);
        }

        if (!result.Succeeded)
        {
            machine.LogTariffSyncFailed(decision.Action, result.Outcome);
        }
    }

    private static bool Changed<TSnapshot>(IDecisionSteps<TSnapshot> machine, DecisionOutcome<TSnapshot> outcome)
        where TSnapshot : notnull =>
        machine.Label(outcome.Decision.Before) != machine.Label(outcome.After);

    private static async Task PublishAsync<TSnapshot>(IDecisionSteps<TSnapshot> machine, DecisionOutcome<TSnapshot> outcome, CancellationToken cancellationToken)
        where TSnapshot : notnull
    {
        try
        {
            await machine.PublishChangeAsync(outcome, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The decision is saved and acted on; a missed notification must not undo or repeat it.
            machine.LogPublishFailed(exception);
        }
    }
}
