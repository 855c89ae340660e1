using TeslaSync.GridEvents.Decisions;

namespace TeslaSync.GridEvents.Curtailment;

/// <summary>
/// The curtailment decision, pure: curtail below the curtail level, restore only at the (higher)
/// restore level, so earnings wobbling around one cent do not toggle the export rule.
/// </summary>
public sealed class CurtailmentMachine(CurtailmentOptions options)
{
    /// <summary>New feed-in earnings (the Current feed-in interval of an Amber price update).</summary>
    public Decision<CurtailmentSnapshot> OnEarnings(CurtailmentSnapshot state, decimal earningsCents, DateTimeOffset intervalEnd, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        // A price for an interval that is already over (an update that arrived late) says nothing
        // about what exporting earns now. (Intervals of different lengths may follow each other on a
        // 5-minute site, so an earlier end than the last one seen is not by itself out of date.)
        if (intervalEnd <= now)
        {
            var level = state.Curtailed ? options.RestoreAtCents : options.CurtailBelowCents;
            return new(state, state, OverrideAction.None,
                $"feed-in earnings {earningsCents} c/kWh for an interval that ended at {intervalEnd:O}: out of date, ignored", earningsCents, level);
        }

        var observed = state with { EarningsCents = earningsCents, IntervalEnd = intervalEnd };
        if (!state.Curtailed && earningsCents < options.CurtailBelowCents)
        {
            return new(state, observed with { Curtailed = true, Since = now, AssertedAt = null, Confirmed = false }, OverrideAction.Apply,
                $"feed-in earnings {earningsCents} c/kWh below {options.CurtailBelowCents} c/kWh: curtail exports", earningsCents, options.CurtailBelowCents);
        }

        if (state.Curtailed && earningsCents >= options.RestoreAtCents)
        {
            return new(state, observed with { Curtailed = false, Since = now, AssertedAt = null, Confirmed = false }, OverrideAction.Release,
                $"feed-in earnings {earningsCents} c/kWh at or above {options.RestoreAtCents} c/kWh: restore the export rule", earningsCents, options.RestoreAtCents);
        }

        var steady = OnTick(observed, now, enabled: true);
        return steady with { Before = state };
    }

    /// <summary>The periodic check: a retry, or the re-assertion while curtailed.</summary>
    public Decision<CurtailmentSnapshot> OnTick(CurtailmentSnapshot state, DateTimeOffset now, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(state);
        var level = state.Curtailed ? options.RestoreAtCents : options.CurtailBelowCents;
        if (!enabled && state.Curtailed)
        {
            return new(state, state with { Curtailed = false, Since = now, AssertedAt = null, Confirmed = false }, OverrideAction.Release,
                "curtailment turned off: restore the export rule", state.EarningsCents, level);
        }

        if (!state.Confirmed)
        {
            return new(state, state, state.Curtailed ? OverrideAction.Apply : OverrideAction.Release,
                "retrying what TariffSync has not acknowledged", state.EarningsCents, level);
        }

        if (state.Curtailed && (state.AssertedAt is not { } asserted || now - asserted >= options.ReassertEvery))
        {
            return new(state, state, OverrideAction.Apply,
                $"still curtailed: re-asserting the export rule (every {options.ReassertEvery.TotalMinutes:0} min)", state.EarningsCents, level);
        }

        var why = state.Curtailed
            ? $"earnings {state.EarningsCents} c/kWh below {options.RestoreAtCents} c/kWh: stay curtailed"
            : $"earnings {state.EarningsCents} c/kWh not below {options.CurtailBelowCents} c/kWh: not curtailed";
        return new(state, state, OverrideAction.None, why, state.EarningsCents, level);
    }

    /// <summary>After a restart: compare what we think with what TariffSync holds.</summary>
    public Decision<CurtailmentSnapshot> Reconcile(CurtailmentSnapshot state, bool tariffSyncHoldsCurtailment, DateTimeOffset now, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(state);
        var level = state.Curtailed ? options.RestoreAtCents : options.CurtailBelowCents;
        if (state.Curtailed && enabled && !tariffSyncHoldsCurtailment)
        {
            return new(state, state with { Confirmed = false }, OverrideAction.Apply,
                "curtailed but TariffSync holds no curtailment override: re-applying", state.EarningsCents, level);
        }

        if (!state.Curtailed && tariffSyncHoldsCurtailment)
        {
            return new(state, state with { Confirmed = false }, OverrideAction.Release,
                "TariffSync holds a curtailment override but exports are not curtailed: releasing", state.EarningsCents, level);
        }

        return OnTick(state, now, enabled);
    }

    /// <summary>TariffSync acknowledged the last action.</summary>
    public static CurtailmentSnapshot Acknowledged(CurtailmentSnapshot state, DateTimeOffset now) =>
        state with { Confirmed = true, AssertedAt = state.Curtailed ? now : null };
}
