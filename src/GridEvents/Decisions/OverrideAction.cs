namespace TeslaSync.GridEvents.Decisions;

/// <summary>What a state machine asks of TariffSync after a decision.</summary>
public enum OverrideAction
{
    /// <summary>Nothing to send.</summary>
    None,

    /// <summary>Apply (or extend, or re-assert) the machine's override.</summary>
    Apply,

    /// <summary>Release the machine's override; TariffSync puts the baseline back.</summary>
    Release,

    /// <summary>Ask TariffSync whether the baseline is back (release again first: it is idempotent).</summary>
    ConfirmRestore,
}

/// <summary>Why a state machine was evaluated, as recorded in the event log.</summary>
public enum DecisionTrigger
{
    Price,
    Tick,
    Start,
}

/// <summary>
/// One evaluation of a state machine: the state before and after, what to ask of TariffSync, and
/// the inputs it was made on (kept for the event log, so every decision can be explained later).
/// </summary>
/// <param name="Input">The input compared: $/MWh for the spike, c/kWh for curtailment.</param>
/// <param name="Threshold">The level it was compared with, in the same unit.</param>
public sealed record Decision<TState>(
    TState Before,
    TState After,
    OverrideAction Action,
    string Reason,
    decimal? Input,
    decimal? Threshold)
    where TState : notnull
{
    /// <summary>
    /// Whether TariffSync must be asked. Such a decision's new state is saved before asking
    /// (write ahead), so a crash while asking finds it on restart and reconciliation finishes it.
    /// </summary>
    public bool AsksTariffSync => Action is OverrideAction.Apply or OverrideAction.Release;
}
