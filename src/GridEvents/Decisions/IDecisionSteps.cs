using TeslaSync.GridEvents.Overrides;
using TeslaSync.GridEvents.Storage;

namespace TeslaSync.GridEvents.Decisions;

/// <summary>
/// What is particular to one state machine when <see cref="DecisionRunner"/> carries out its
/// decisions: where its state is kept, how it is named, which override it applies and releases,
/// what an acknowledged call makes of the state, and what the others are told when it changes.
/// </summary>
internal interface IDecisionSteps<TSnapshot> : IDecisionLog
    where TSnapshot : notnull
{
    /// <summary>The machine's name in the event log ("spike").</summary>
    string Machine { get; }

    /// <summary>The name TariffSync holds the machine's override under, which a release names.</summary>
    string OverrideName { get; }

    /// <summary>
    /// The state as the event log and the log name it ("normal", "curtailed"). It names the state,
    /// never its details, so the state changed exactly when its label did.
    /// </summary>
    string Label(TSnapshot state);

    /// <summary>The site's state; a new site's is started and saved.</summary>
    Task<TSnapshot> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Saves the state, and the decision that led to it when one is given, in one transaction.</summary>
    Task SaveAsync(TSnapshot state, DecisionRow? decision, CancellationToken cancellationToken);

    /// <summary>Asks TariffSync to apply (or extend, or re-assert) the override <paramref name="intended"/> needs.</summary>
    Task<OverrideCallResult> ApplyAsync(TSnapshot intended, CancellationToken cancellationToken);

    /// <summary>
    /// Asks TariffSync whether the baseline is back after a release. Only a machine whose decisions
    /// ask for <see cref="OverrideAction.ConfirmRestore"/> (the spike) waits for that.
    /// </summary>
    Task<OverrideCallResult> ConfirmRestoreAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"The {Machine} machine never waits for a restore.");

    /// <summary>The state once TariffSync has answered <paramref name="action"/> with success.</summary>
    TSnapshot Acknowledged(TSnapshot intended, OverrideAction action, OverrideCallResult result, DateTimeOffset now);

    /// <summary>Tells the others that the state changed (asked only when it did).</summary>
    Task PublishChangeAsync(DecisionOutcome<TSnapshot> outcome, CancellationToken cancellationToken);
}

/// <summary>The lines a machine's decisions write, in the machine's own words and logger category.</summary>
internal interface IDecisionLog
{
    void LogDecision(string before, string after, string reason, string outcome);

    void LogTariffSyncFailed(OverrideAction action, string outcome);

    void LogPublishFailed(Exception exception);
}

/// <summary>A decision as carried out: why it was made, the state it left, and what TariffSync answered.</summary>
internal sealed record DecisionOutcome<TSnapshot>(
    Decision<TSnapshot> Decision,
    DecisionTrigger Trigger,
    TSnapshot After,
    OverrideCallResult Result,
    DateTimeOffset At)
    where TSnapshot : notnull;
