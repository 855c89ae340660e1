using TeslaSync.GridEvents.Overrides;
using TeslaSync.GridEvents.Storage;

namespace TeslaSync.GridEvents.Decisions;

/// <summary>Builds the event-log row of a decision and what came of it.</summary>
internal static class DecisionRecord
{
    public static DecisionRow Row<TState>(
        string siteId, string machine, DecisionTrigger trigger, Decision<TState> decision,
        string before, string after, OverrideCallResult result, DateTimeOffset now)
        where TState : notnull => new()
        {
            SiteId = siteId,
            At = now,
            Machine = machine,
            Trigger = trigger.ToString().ToLowerInvariant(),
            Input = decision.Input,
            Threshold = decision.Threshold,
            StateBefore = before,
            StateAfter = after,
            Reason = decision.Reason,
            Action = decision.Action switch
            {
                OverrideAction.Apply => "apply",
                OverrideAction.Release => "release",
                OverrideAction.ConfirmRestore => "confirm-restore",
                _ => "none",
            },
            Outcome = result.Outcome,
            Succeeded = result.Succeeded,
        };
}
