using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Domain.Tariffs;
using TeslaSync.GridEvents.Decisions;
using TeslaSync.GridEvents.DemandWindow;

namespace TeslaSync.GridEvents.UnitTests;

public sealed class DemandWindowMachineTests
{
    private static readonly TimeZoneInfo Sydney = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");
    private static readonly TimeZoneInfo Brisbane = TimeZoneInfo.FindSystemTimeZoneById("Australia/Brisbane");

    private static DemandWindowMachine Machine(string start, string end, DaysOfWeek days = DaysOfWeek.Weekdays) =>
        new(new DemandWindowSchedule(LocalTimeWindow.Parse(start, end), days));

    /// <summary>A wall-clock time in <paramref name="zone"/> as an instant (for times that happen once).</summary>
    private static DateTimeOffset At(TimeZoneInfo zone, DateTime local) => new(local, zone.GetUtcOffset(local));

    private static DateTimeOffset At(TimeZoneInfo zone, string local) =>
        At(zone, DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));

    /// <summary>
    /// Checks the window every <paramref name="step"/> on a fake clock until <paramref name="until"/>,
    /// TariffSync acknowledging every command; returns each command with the local time (and UTC
    /// offset, which tells the two passes of a repeated hour apart) it was sent at.
    /// </summary>
    private static List<string> Walk(DemandWindowMachine machine, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset until, TimeSpan step)
    {
        var time = new FakeTimeProvider(from);
        var state = DemandWindowSnapshot.Initial(from);
        var commands = new List<string>();
        while (time.GetUtcNow() < until)
        {
            var now = time.GetUtcNow();
            var decision = machine.OnTick(state, now, zone, enabled: true);
            state = decision.AsksTariffSync ? DemandWindowMachine.Acknowledged(decision.After) : decision.After;
            if (decision.Action != OverrideAction.None)
            {
                var local = TimeZoneInfo.ConvertTime(now, zone);
                commands.Add($"{local.ToString("ddd HH:mm zzz", CultureInfo.InvariantCulture)} {decision.Action.ToString().ToLowerInvariant()}");
            }

            time.Advance(step);
        }

        return commands;
    }

    [Fact]
    public void OnTick_InsideTheWindowOnAWeekday_BlocksGridCharging()
    {
        var now = At(Sydney, "2026-01-19 16:30"); // a Monday

        var decision = Machine("16:00", "21:00").OnTick(DemandWindowSnapshot.Initial(now.AddHours(-1)), now, Sydney, enabled: true);

        Assert.Equal(OverrideAction.Apply, decision.Action);
        Assert.True(decision.After.InWindow);
        Assert.False(decision.After.Confirmed);
        Assert.Equal(now, decision.After.Since);
        Assert.Contains("Mon 16:30 Australia/Sydney", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OnTick_JustBeforeTheWindow_SendsNothing()
    {
        var now = At(Sydney, "2026-01-19 15:59");
        var before = DemandWindowSnapshot.Initial(now.AddHours(-1));

        var decision = Machine("16:00", "21:00").OnTick(before, now, Sydney, enabled: true);

        Assert.Equal(OverrideAction.None, decision.Action);
        Assert.False(decision.After.InWindow);
        Assert.Equal(before.Since, decision.After.Since);
        Assert.Equal(now, decision.After.CheckedAt);
    }

    [Fact]
    public void OnTick_EveryMinuteOfAWeekday_SendsOneBlockAndOneReleaseOnly()
    {
        var commands = Walk(Machine("16:00", "21:00"), Sydney,
            At(Sydney, "2026-01-19 00:00"), At(Sydney, "2026-01-20 00:00"), TimeSpan.FromMinutes(1));

        Assert.Equal(["Mon 16:00 +11:00 apply", "Mon 21:00 +11:00 release"], commands);
    }

    [Fact]
    public void OnTick_AWeekOfAWeekdayWindow_OpensMondayToFridayOnly()
    {
        var commands = Walk(Machine("16:00", "21:00"), Brisbane,
            At(Brisbane, "2026-01-17 00:00"), At(Brisbane, "2026-01-24 00:00"), TimeSpan.FromMinutes(5)); // Saturday to Saturday

        Assert.Equal(10, commands.Count);
        Assert.DoesNotContain(commands, c => c.StartsWith("Sat", StringComparison.Ordinal) || c.StartsWith("Sun", StringComparison.Ordinal));
        Assert.Equal(["Mon 16:00 +10:00 apply", "Mon 21:00 +10:00 release"], commands.Take(2));
    }

    [Fact]
    public void OnTick_WeekendWindow_StaysClosedOnWeekdays()
    {
        var commands = Walk(Machine("16:00", "21:00", DaysOfWeek.Weekend), Brisbane,
            At(Brisbane, "2026-01-19 00:00"), At(Brisbane, "2026-01-26 00:00"), TimeSpan.FromMinutes(5)); // Monday to Monday

        Assert.Equal(["Sat 16:00 +10:00 apply", "Sat 21:00 +10:00 release", "Sun 16:00 +10:00 apply", "Sun 21:00 +10:00 release"], commands);
    }

    [Fact]
    public void OnTick_WindowOverMidnight_BelongsToTheNightItOpensOn()
    {
        // Friday nights only: Saturday 01:00 is inside (Friday's night), Friday 01:00 is not (Thursday's).
        var commands = Walk(Machine("22:00", "02:00", DaysOfWeek.Friday), Brisbane,
            At(Brisbane, "2026-01-22 00:00"), At(Brisbane, "2026-01-26 00:00"), TimeSpan.FromMinutes(5)); // Thursday to Monday

        Assert.Equal(["Fri 22:00 +10:00 apply", "Sat 02:00 +10:00 release"], commands);
    }

    [Fact]
    public void OnTick_StartedInsideAWindowOverMidnight_BlocksAtOnce()
    {
        var now = At(Brisbane, "2026-01-20 00:30"); // Tuesday 00:30: Monday night's window

        var decision = Machine("22:00", "06:00").OnTick(DemandWindowSnapshot.Initial(now), now, Brisbane, enabled: true);

        Assert.Equal(OverrideAction.Apply, decision.Action);
        Assert.True(decision.After.InWindow);
    }

    // 2026-04-05 03:00 daylight time the clocks go back to 02:00 standard time: 02:00-03:00 happens twice.
    [Theory]
    [InlineData("Australia/Sydney", "02:00", "03:00", "Sun 02:00 +11:00 apply|Sun 03:00 +10:00 release")]
    [InlineData("Australia/Adelaide", "02:00", "03:00", "Sun 02:00 +10:30 apply|Sun 03:00 +09:30 release")]
    [InlineData("Australia/Sydney", "01:00", "02:30", "Sun 01:00 +11:00 apply|Sun 02:30 +11:00 release|Sun 02:00 +10:00 apply|Sun 02:30 +10:00 release")]
    [InlineData("Australia/Adelaide", "02:30", "04:00", "Sun 02:30 +10:30 apply|Sun 02:00 +09:30 release|Sun 02:30 +09:30 apply|Sun 04:00 +09:30 release")]
    [InlineData("Australia/Brisbane", "02:00", "03:00", "Sun 02:00 +10:00 apply|Sun 03:00 +10:00 release")]
    public void OnTick_NightTheClocksGoBack_FollowsTheWallClockThroughTheRepeatedHour(string zoneId, string start, string end, string expected)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);

        var commands = Walk(Machine(start, end, DaysOfWeek.All), zone,
            At(zone, "2026-04-05 00:00"), At(zone, "2026-04-05 06:00"), TimeSpan.FromMinutes(5));

        Assert.Equal(expected.Split('|'), commands);
    }

    // 2026-10-04 02:00 standard time the clocks go forward to 03:00 daylight time: 02:00-03:00 never happens.
    [Theory]
    [InlineData("Australia/Sydney", "02:00", "03:00", "")]
    [InlineData("Australia/Adelaide", "02:00", "03:00", "")]
    [InlineData("Australia/Sydney", "02:30", "04:00", "Sun 03:00 +11:00 apply|Sun 04:00 +11:00 release")]
    [InlineData("Australia/Adelaide", "01:00", "02:30", "Sun 01:00 +09:30 apply|Sun 03:00 +10:30 release")]
    [InlineData("Australia/Brisbane", "02:00", "03:00", "Sun 02:00 +10:00 apply|Sun 03:00 +10:00 release")]
    public void OnTick_NightTheClocksGoForward_SkipsWhatTheWallClockSkips(string zoneId, string start, string end, string expected)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);

        var commands = Walk(Machine(start, end, DaysOfWeek.All), zone,
            At(zone, "2026-10-04 00:00"), At(zone, "2026-10-04 06:00"), TimeSpan.FromMinutes(5));

        Assert.Equal(expected.Split('|', StringSplitOptions.RemoveEmptyEntries), commands);
    }

    [Fact]
    public void OnTick_NightTheClocksGoBack_BlocksForTwoRealHoursOfAOneHourWindow()
    {
        var machine = Machine("02:00", "03:00", DaysOfWeek.Sunday);
        var entered = new DateTimeOffset(2026, 4, 5, 2, 0, 0, TimeSpan.FromHours(11)); // the first 02:00, daylight time
        var state = DemandWindowMachine.Acknowledged(machine.OnTick(DemandWindowSnapshot.Initial(entered), entered, Sydney, enabled: true).After);

        var secondPass = machine.OnTick(state, entered.AddHours(1).AddMinutes(30), Sydney, enabled: true); // 02:30 standard time
        var after = machine.OnTick(secondPass.After, entered.AddHours(2), Sydney, enabled: true); // 03:00 standard time

        Assert.Equal(OverrideAction.None, secondPass.Action);
        Assert.True(secondPass.After.InWindow);
        Assert.Equal(OverrideAction.Release, after.Action);
    }

    [Fact]
    public void OnTick_TariffSyncDidNotAcknowledge_RetriesAtTheNextCheckUntilItDoes()
    {
        var machine = Machine("16:00", "21:00");
        var now = At(Sydney, "2026-01-19 16:00");
        var entered = machine.OnTick(DemandWindowSnapshot.Initial(now), now, Sydney, enabled: true);

        var retry = machine.OnTick(entered.After, now.AddMinutes(1), Sydney, enabled: true);
        var acknowledged = machine.OnTick(DemandWindowMachine.Acknowledged(retry.After), now.AddMinutes(2), Sydney, enabled: true);

        Assert.Equal(OverrideAction.Apply, retry.Action);
        Assert.Equal(entered.After.Since, retry.After.Since);
        Assert.Equal(OverrideAction.None, acknowledged.Action);
    }

    [Fact]
    public void OnTick_UnacknowledgedReleaseWhenTheWindowOpensAgain_AppliesInstead()
    {
        var machine = Machine("16:00", "21:00", DaysOfWeek.All);
        var closed = new DemandWindowSnapshot(false, At(Sydney, "2026-01-19 21:00")) { Confirmed = false };
        var now = At(Sydney, "2026-01-20 16:00");

        var decision = machine.OnTick(closed, now, Sydney, enabled: true);

        Assert.Equal(OverrideAction.Apply, decision.Action);
        Assert.True(decision.After.InWindow);
    }

    [Fact]
    public void OnTick_TurnedOffInsideTheWindow_ReleasesTheBlockOnce()
    {
        var machine = Machine("16:00", "21:00");
        var now = At(Sydney, "2026-01-19 17:00");
        var blocking = new DemandWindowSnapshot(true, now.AddHours(-1));

        var off = machine.OnTick(blocking, now, Sydney, enabled: false);
        var later = machine.OnTick(DemandWindowMachine.Acknowledged(off.After), now.AddMinutes(1), Sydney, enabled: false);

        Assert.Equal(OverrideAction.Release, off.Action);
        Assert.False(off.After.InWindow);
        Assert.Equal(OverrideAction.None, later.Action);
    }

    [Fact]
    public void OnTick_ZoneNotKnown_DecidesNothing()
    {
        var now = At(Sydney, "2026-01-19 17:00");
        var state = DemandWindowSnapshot.Initial(now.AddHours(-2));

        var decision = Machine("16:00", "21:00").OnTick(state, now, zone: null, enabled: true);

        Assert.Equal(OverrideAction.None, decision.Action);
        Assert.Same(state, decision.After);
        Assert.Contains("time zone is not known", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_InsideAndTariffSyncHoldsTheBlock_SendsNothing()
    {
        var now = At(Sydney, "2026-01-19 17:00");
        var blocking = new DemandWindowSnapshot(true, now.AddHours(-1));

        var decision = Machine("16:00", "21:00").Reconcile(blocking, tariffSyncHoldsBlock: true, now, Sydney, enabled: true);

        Assert.Equal(OverrideAction.None, decision.Action);
        Assert.True(decision.After.InWindow);
        Assert.Equal(blocking.Since, decision.After.Since);
    }

    [Fact]
    public void Reconcile_InsideButTariffSyncHoldsNoBlock_AppliesItAgain()
    {
        var now = At(Sydney, "2026-01-19 17:00");
        var blocking = new DemandWindowSnapshot(true, now.AddHours(-1));

        var decision = Machine("16:00", "21:00").Reconcile(blocking, tariffSyncHoldsBlock: false, now, Sydney, enabled: true);

        Assert.Equal(OverrideAction.Apply, decision.Action);
        Assert.Same(blocking, decision.Before);
        Assert.Contains("TariffSync holds no demand-window block", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_WindowClosedWhileStopped_Releases()
    {
        var now = At(Sydney, "2026-01-19 22:00");
        var blocking = new DemandWindowSnapshot(true, now.AddHours(-6));

        var decision = Machine("16:00", "21:00").Reconcile(blocking, tariffSyncHoldsBlock: true, now, Sydney, enabled: true);

        Assert.Equal(OverrideAction.Release, decision.Action);
        Assert.False(decision.After.InWindow);
    }

    [Fact]
    public void Reconcile_OutsideButTariffSyncHoldsABlock_Releases()
    {
        var now = At(Sydney, "2026-01-19 12:00");

        var decision = Machine("16:00", "21:00").Reconcile(DemandWindowSnapshot.Initial(now.AddHours(-1)), tariffSyncHoldsBlock: true, now, Sydney, enabled: true);

        Assert.Equal(OverrideAction.Release, decision.Action);
        Assert.False(decision.After.InWindow);
    }

    [Fact]
    public void Reconcile_TurnedOffWhileStoppedInsideTheWindow_Releases()
    {
        var now = At(Sydney, "2026-01-19 17:00");
        var blocking = new DemandWindowSnapshot(true, now.AddHours(-1));

        var decision = Machine("16:00", "21:00").Reconcile(blocking, tariffSyncHoldsBlock: true, now, Sydney, enabled: false);

        Assert.Equal(OverrideAction.Release, decision.Action);
        Assert.False(decision.After.InWindow);
    }
}
