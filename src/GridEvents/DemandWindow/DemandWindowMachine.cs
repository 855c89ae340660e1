using System.Globalization;
using TeslaSync.GridEvents.Decisions;

namespace TeslaSync.GridEvents.DemandWindow;

/// <summary>
/// The demand-window decision, pure: block grid charging while the window is open, allow it again
/// when it closes. A command goes out only when that changes, or again when TariffSync did not
/// acknowledge the last one (SPEC §9: earlier tools sent one every minute of the window).
/// </summary>
public sealed class DemandWindowMachine(DemandWindowSchedule schedule)
{
    /// <summary>The periodic check.</summary>
    /// <param name="zone">The site's time zone; null while it is not known (then nothing is decided).</param>
    public Decision<DemandWindowSnapshot> OnTick(DemandWindowSnapshot state, DateTimeOffset now, TimeZoneInfo? zone, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!enabled)
        {
            return TurnedOff(state, now);
        }

        if (zone is null)
        {
            // Deciding in the wrong zone would block (or free) grid charging at the wrong hours.
            return new(state, state, OverrideAction.None, "the site's time zone is not known yet: no decision", null, null);
        }

        var local = DemandWindowSchedule.LocalTime(now, zone);
        var inside = schedule.Contains(local);
        var at = $"{local.ToString("ddd HH:mm", CultureInfo.InvariantCulture)} {zone.Id}";
        var checkedNow = state with { CheckedAt = now };
        if (inside != state.InWindow)
        {
            var changed = checkedNow with { InWindow = inside, Since = now, Confirmed = false };
            return inside
                ? new(state, changed, OverrideAction.Apply, $"{at} is inside {schedule}: block grid charging", null, null)
                : new(state, changed, OverrideAction.Release, $"{at} is outside {schedule}: allow grid charging again", null, null);
        }

        if (!state.Confirmed)
        {
            return new(state, checkedNow, state.InWindow ? OverrideAction.Apply : OverrideAction.Release,
                $"{at}: retrying what TariffSync has not acknowledged", null, null);
        }

        var why = inside ? $"{at} is inside {schedule}: grid charging stays blocked" : $"{at} is outside {schedule}";
        return new(state, checkedNow, OverrideAction.None, why, null, null);
    }

    /// <summary>After a restart: what TariffSync holds against what we think, then the ordinary check.</summary>
    public Decision<DemandWindowSnapshot> Reconcile(DemandWindowSnapshot state, bool tariffSyncHoldsBlock, DateTimeOffset now, TimeZoneInfo? zone, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (tariffSyncHoldsBlock == state.InWindow)
        {
            // In step: a restart inside the window sends nothing.
            return OnTick(state, now, zone, enabled);
        }

        // Out of step (a crash between our save and TariffSync's answer, or the override was
        // released elsewhere): treat it as unacknowledged, so the check sends what we want.
        var decision = OnTick(state with { Confirmed = false }, now, zone, enabled);
        var held = tariffSyncHoldsBlock ? "TariffSync holds a demand-window block" : "TariffSync holds no demand-window block";
        return decision with { Before = state, Reason = $"{held}; {decision.Reason}" };
    }

    /// <summary>TariffSync acknowledged the last action.</summary>
    public static DemandWindowSnapshot Acknowledged(DemandWindowSnapshot state) => state with { Confirmed = true };

    private static Decision<DemandWindowSnapshot> TurnedOff(DemandWindowSnapshot state, DateTimeOffset now)
    {
        if (state.InWindow)
        {
            return new(state, state with { InWindow = false, Since = now, Confirmed = false }, OverrideAction.Release,
                "demand window turned off: allow grid charging again", null, null);
        }

        return state.Confirmed
            ? new(state, state, OverrideAction.None, "demand window turned off", null, null)
            : new(state, state, OverrideAction.Release, "demand window turned off: retrying the release TariffSync has not acknowledged", null, null);
    }
}
