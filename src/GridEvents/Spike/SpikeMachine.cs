using TeslaSync.GridEvents.Decisions;

namespace TeslaSync.GridEvents.Spike;

/// <summary>
/// The spike decision, pure: state and input in, next state and one action out. Enter at the
/// threshold at once (a spike is short and every interval counts); leave only below threshold −
/// deadband for the minimum dwell (so prices around the threshold do not flap the Powerwall).
/// </summary>
public sealed class SpikeMachine(SpikeOptions options)
{
    /// <summary>The NEM dispatch interval.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    public decimal ExitPerMwh => options.ExitPerMwh;

    /// <summary>A new AEMO price for the site's region.</summary>
    public Decision<SpikeSnapshot> OnPrice(SpikeSnapshot state, decimal pricePerMwh, DateTimeOffset intervalEnd, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.IntervalEnd is { } last && intervalEnd < last)
        {
            // A late delivery must not undo a decision already taken on a newer interval.
            return new(state, state, OverrideAction.None, $"interval ending {intervalEnd:O} is older than {last:O}; ignored", pricePerMwh, null);
        }

        var price = options.TestMode ? Math.Max(pricePerMwh, options.TestPricePerMwh) : pricePerMwh;
        var observed = state with { PricePerMwh = price, IntervalEnd = intervalEnd };
        var test = options.TestMode ? " (test mode)" : string.Empty;

        if (state.Phase != SpikePhase.Spike)
        {
            if (price < options.ThresholdPerMwh)
            {
                return new(state, observed, OverrideAction.None, $"price {price} below threshold {options.ThresholdPerMwh}{test}", price, options.ThresholdPerMwh);
            }

            var entered = observed with { Phase = SpikePhase.Spike, Since = now, BelowExitSince = null, Until = UntilFor(intervalEnd, now), Confirmed = false };
            return new(state, entered, OverrideAction.Apply, $"price {price} at or above threshold {options.ThresholdPerMwh}{test}: spike starts", price, options.ThresholdPerMwh);
        }

        if (price >= options.ExitPerMwh)
        {
            return Extend(state, observed with { BelowExitSince = null }, intervalEnd, now, $"price {price} not below exit level {options.ExitPerMwh}{test}: spike continues", price);
        }

        var belowSince = state.BelowExitSince ?? intervalEnd - Interval;
        var below = intervalEnd - belowSince;
        if (below >= options.MinimumDwell)
        {
            var left = observed with { Phase = SpikePhase.Restoring, Since = now, BelowExitSince = null, Until = null, Confirmed = false };
            return new(state, left, OverrideAction.Release,
                $"price {price} below exit level {options.ExitPerMwh} for {below.TotalMinutes:0} min: spike ends", price, options.ExitPerMwh);
        }

        return Extend(state, observed with { BelowExitSince = belowSince }, intervalEnd, now,
            $"price {price} below exit level {options.ExitPerMwh} for {below.TotalMinutes:0} of {options.MinimumDwell.TotalMinutes:0} min: spike continues", price);
    }

    /// <summary>The periodic check: retries, a tariff that ran out without new prices, a pending restore.</summary>
    public Decision<SpikeSnapshot> OnTick(SpikeSnapshot state, DateTimeOffset now, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(state);
        switch (state.Phase)
        {
            case SpikePhase.Spike when !enabled:
                return Leave(state, now, "spike export turned off: spike ends");
            case SpikePhase.Spike when state.Until is { } until && until <= now:
                // No price arrived to extend it; TariffSync has ended it already. Release anyway
                // (idempotent) and confirm the baseline, rather than trusting the expiry blindly.
                return Leave(state, now, $"no new AEMO price since {state.IntervalEnd:O}; the spike tariff ran out at {until:O}");
            case SpikePhase.Spike when !state.Confirmed:
                return new(state, state, OverrideAction.Apply, "retrying the spike tariff TariffSync has not acknowledged", state.PricePerMwh, options.ThresholdPerMwh);
            case SpikePhase.Restoring:
                return new(state, state, OverrideAction.ConfirmRestore, "waiting for TariffSync to confirm the baseline is back", state.PricePerMwh, options.ExitPerMwh);
            default:
                return new(state, state, OverrideAction.None, "nothing to do", state.PricePerMwh, null);
        }
    }

    /// <summary>After a restart: compare what we think with what TariffSync holds.</summary>
    public Decision<SpikeSnapshot> Reconcile(SpikeSnapshot state, bool tariffSyncHoldsSpike, DateTimeOffset now, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Phase switch
        {
            SpikePhase.Spike when !enabled => Leave(state, now, "spike export turned off while stopped: spike ends"),
            SpikePhase.Spike when state.Until is not { } until || until <= now =>
                Leave(state, now, $"the spike tariff ran out at {state.Until:O} while stopped, with no newer price: spike ends"),
            SpikePhase.Spike when !tariffSyncHoldsSpike =>
                new(state, state with { Confirmed = false }, OverrideAction.Apply, "still in spike but TariffSync holds no spike override: re-applying", state.PricePerMwh, options.ThresholdPerMwh),
            SpikePhase.Spike => new(state, state, OverrideAction.None, "still in spike and TariffSync holds the spike override", state.PricePerMwh, options.ThresholdPerMwh),
            SpikePhase.Normal when tariffSyncHoldsSpike =>
                new(state, state with { Phase = SpikePhase.Restoring, Since = now, Confirmed = false }, OverrideAction.Release,
                    "TariffSync holds a spike override but the spike is over: releasing", state.PricePerMwh, options.ExitPerMwh),
            SpikePhase.Restoring => OnTick(state, now, enabled),
            _ => new(state, state, OverrideAction.None, "normal, and TariffSync holds no spike override", state.PricePerMwh, null),
        };
    }

    /// <summary>TariffSync acknowledged the apply.</summary>
    public static SpikeSnapshot Applied(SpikeSnapshot state) => state with { Confirmed = true };

    /// <summary>TariffSync reports the baseline tariff and mode are back.</summary>
    public static SpikeSnapshot Restored(SpikeSnapshot state, DateTimeOffset now) =>
        state with { Phase = SpikePhase.Normal, Since = now, BelowExitSince = null, Until = null, Confirmed = true };

    private Decision<SpikeSnapshot> Extend(SpikeSnapshot state, SpikeSnapshot observed, DateTimeOffset intervalEnd, DateTimeOffset now, string reason, decimal price)
    {
        var until = UntilFor(intervalEnd, now);
        if (state.Until is { } current && current >= until && state.Confirmed)
        {
            return new(state, observed, OverrideAction.None, reason, price, options.ExitPerMwh);
        }

        var extended = observed with { Until = state.Until is { } old && old > until ? old : until, Confirmed = false };
        return new(state, extended, OverrideAction.Apply, $"{reason}; tariff extended to {extended.Until:O}", price, options.ExitPerMwh);
    }

    private Decision<SpikeSnapshot> Leave(SpikeSnapshot state, DateTimeOffset now, string reason) =>
        new(state, state with { Phase = SpikePhase.Restoring, Since = now, BelowExitSince = null, Until = null, Confirmed = false },
            OverrideAction.Release, reason, state.PricePerMwh, options.ExitPerMwh);

    /// <summary>The interval's end plus the margin, never in the past even for a late price.</summary>
    private DateTimeOffset UntilFor(DateTimeOffset intervalEnd, DateTimeOffset now) =>
        (intervalEnd > now ? intervalEnd : now) + options.ExtendMargin;
}
