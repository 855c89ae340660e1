using Microsoft.Extensions.Time.Testing;
using TeslaSync.GridEvents.Decisions;
using TeslaSync.GridEvents.Spike;

namespace TeslaSync.GridEvents.UnitTests;

public sealed class SpikeMachineTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 18, 6, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    /// <summary>A price for the interval now running, then the clock moves one interval on.</summary>
    private Decision<SpikeSnapshot> Price(SpikeMachine machine, ref SpikeSnapshot state, decimal price)
    {
        var now = _time.GetUtcNow();
        var decision = machine.OnPrice(state, price, now + SpikeMachine.Interval, now);
        state = decision.After;
        if (decision.Action == OverrideAction.Apply)
        {
            state = SpikeMachine.Applied(state);
        }

        _time.Advance(SpikeMachine.Interval);
        return decision;
    }

    [Fact]
    public void OnPrice_AtThreshold_EntersSpikeAndAppliesToIntervalEndPlusMargin()
    {
        var machine = new SpikeMachine(new SpikeOptions());
        var intervalEnd = Start.AddMinutes(5);

        var decision = machine.OnPrice(SpikeSnapshot.Initial(Start), 300m, intervalEnd, Start);

        Assert.Equal(SpikePhase.Spike, decision.After.Phase);
        Assert.Equal(OverrideAction.Apply, decision.Action);
        Assert.Equal(intervalEnd + TimeSpan.FromMinutes(10), decision.After.Until);
        Assert.Equal(300m, decision.Input);
        Assert.Equal(300m, decision.Threshold);
        Assert.False(decision.After.Confirmed);
    }

    [Fact]
    public void OnPrice_BelowThreshold_StaysNormalAndSendsNothing()
    {
        var machine = new SpikeMachine(new SpikeOptions());

        var decision = machine.OnPrice(SpikeSnapshot.Initial(Start), 299.99m, Start.AddMinutes(5), Start);

        Assert.Equal(SpikePhase.Normal, decision.After.Phase);
        Assert.Equal(OverrideAction.None, decision.Action);
        Assert.Equal(299.99m, decision.After.PricePerMwh);
    }

    [Fact]
    public void OnPrice_FlappingAroundThreshold_EntersOnceAndNeverReleases()
    {
        var machine = new SpikeMachine(new SpikeOptions());
        var state = SpikeSnapshot.Initial(Start);

        var decisions = new[] { 301m, 299m, 305m, 290m, 281m, 300m, 280m, 299.5m }.Select(p => Price(machine, ref state, p)).ToList();

        Assert.Single(decisions, d => d.Before.Phase == SpikePhase.Normal && d.After.Phase == SpikePhase.Spike);
        Assert.DoesNotContain(decisions, d => d.Action == OverrideAction.Release);
        Assert.Equal(SpikePhase.Spike, state.Phase);
    }

    [Fact]
    public void OnPrice_BelowExitForOneInterval_LeavesAndReleases()
    {
        var machine = new SpikeMachine(new SpikeOptions());
        var state = SpikeSnapshot.Initial(Start);
        Price(machine, ref state, 400m);

        var decision = Price(machine, ref state, 279.99m);

        Assert.Equal(SpikePhase.Restoring, decision.After.Phase);
        Assert.Equal(OverrideAction.Release, decision.Action);
        Assert.Equal(280m, decision.Threshold);
        Assert.Null(decision.After.Until);
    }

    [Fact]
    public void OnPrice_BelowExitShorterThanDwell_StaysInSpikeUntilTheDwellIsMet()
    {
        var machine = new SpikeMachine(new SpikeOptions { MinimumDwell = TimeSpan.FromMinutes(10) });
        var state = SpikeSnapshot.Initial(Start);
        Price(machine, ref state, 400m);

        var firstLow = Price(machine, ref state, 100m);
        var backUp = Price(machine, ref state, 350m);
        var lowAgain = Price(machine, ref state, 100m);
        var secondLow = Price(machine, ref state, 100m);

        Assert.Equal(SpikePhase.Spike, firstLow.After.Phase);
        Assert.Equal(SpikePhase.Spike, backUp.After.Phase);
        Assert.Null(backUp.After.BelowExitSince);
        Assert.Equal(SpikePhase.Spike, lowAgain.After.Phase);
        Assert.Equal(SpikePhase.Restoring, secondLow.After.Phase);
        Assert.Equal(OverrideAction.Release, secondLow.Action);
    }

    [Fact]
    public void OnPrice_SpikeLongerThanTwoHours_KeepsBeingExtended()
    {
        var machine = new SpikeMachine(new SpikeOptions());
        var state = SpikeSnapshot.Initial(Start);

        var decisions = Enumerable.Range(0, 36).Select(_ => Price(machine, ref state, 5000m)).ToList(); // three hours

        Assert.All(decisions, d => Assert.Equal(OverrideAction.Apply, d.Action));
        var untils = decisions.Select(d => d.After.Until!.Value).ToList();
        Assert.Equal(untils.Order(), untils);
        Assert.Equal(36, untils.Distinct().Count());
        Assert.Equal(Start.AddHours(3).AddMinutes(10), state.Until);
        Assert.Equal(SpikePhase.Spike, state.Phase);
        Assert.Equal(Start, state.Since);
    }

    [Fact]
    public void OnPrice_OlderIntervalThanOneSeen_IsIgnored()
    {
        var machine = new SpikeMachine(new SpikeOptions());
        var state = SpikeSnapshot.Initial(Start);
        Price(machine, ref state, 400m);

        var decision = machine.OnPrice(state, 10m, Start, _time.GetUtcNow());

        Assert.Same(state, decision.After);
        Assert.Equal(OverrideAction.None, decision.Action);
    }

    [Fact]
    public void OnPrice_TestMode_AnOrdinaryPriceCountsAsASpike()
    {
        var machine = new SpikeMachine(new SpikeOptions { TestMode = true, TestPricePerMwh = 1000m });

        var decision = machine.OnPrice(SpikeSnapshot.Initial(Start), 80m, Start.AddMinutes(5), Start);

        Assert.Equal(SpikePhase.Spike, decision.After.Phase);
        Assert.Equal(1000m, decision.After.PricePerMwh);
        Assert.Contains("test mode", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OnTick_Restoring_KeepsAskingUntilRestoreIsConfirmed()
    {
        var machine = new SpikeMachine(new SpikeOptions());
        var state = SpikeSnapshot.Initial(Start);
        Price(machine, ref state, 400m);
        Price(machine, ref state, 50m);

        // TariffSync keeps failing to restore: every check asks again and the state holds.
        for (var minute = 0; minute < 5; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            var decision = machine.OnTick(state, _time.GetUtcNow(), enabled: true);
            Assert.Equal(OverrideAction.ConfirmRestore, decision.Action);
            Assert.Equal(SpikePhase.Restoring, decision.After.Phase);
            state = decision.After;
        }

        state = SpikeMachine.Restored(state, _time.GetUtcNow());

        Assert.Equal(SpikePhase.Normal, state.Phase);
        Assert.Equal(_time.GetUtcNow(), state.Since);
        Assert.Equal(OverrideAction.None, machine.OnTick(state, _time.GetUtcNow(), enabled: true).Action);
    }

    [Fact]
    public void OnTick_SpikeTariffRanOutWithoutNewPrices_LeavesAndReleases()
    {
        var machine = new SpikeMachine(new SpikeOptions());
        var state = SpikeSnapshot.Initial(Start);
        Price(machine, ref state, 400m);

        _time.Advance(TimeSpan.FromMinutes(10));
        var decision = machine.OnTick(state, _time.GetUtcNow(), enabled: true);

        Assert.Equal(SpikePhase.Restoring, decision.After.Phase);
        Assert.Equal(OverrideAction.Release, decision.Action);
    }

    [Fact]
    public void OnTick_UnacknowledgedSpike_RetriesTheApply()
    {
        var machine = new SpikeMachine(new SpikeOptions());
        var entered = machine.OnPrice(SpikeSnapshot.Initial(Start), 400m, Start.AddMinutes(5), Start).After;

        var decision = machine.OnTick(entered, Start.AddMinutes(1), enabled: true);

        Assert.Equal(OverrideAction.Apply, decision.Action);
        Assert.Equal(entered.Until, decision.After.Until);
    }

    [Fact]
    public void OnTick_TurnedOffDuringSpike_LeavesAndReleases()
    {
        var machine = new SpikeMachine(new SpikeOptions());
        var state = SpikeMachine.Applied(machine.OnPrice(SpikeSnapshot.Initial(Start), 400m, Start.AddMinutes(5), Start).After);

        var decision = machine.OnTick(state, Start.AddMinutes(1), enabled: false);

        Assert.Equal(OverrideAction.Release, decision.Action);
        Assert.Equal(SpikePhase.Restoring, decision.After.Phase);
    }

    [Fact]
    public void Reconcile_SpikeTariffSyncDoesNotHold_ReappliesToTheSameUntil()
    {
        var machine = new SpikeMachine(new SpikeOptions());
        var state = SpikeMachine.Applied(machine.OnPrice(SpikeSnapshot.Initial(Start), 400m, Start.AddMinutes(5), Start).After);

        var decision = machine.Reconcile(state, tariffSyncHoldsSpike: false, Start.AddMinutes(2), enabled: true);

        Assert.Equal(OverrideAction.Apply, decision.Action);
        Assert.Equal(SpikePhase.Spike, decision.After.Phase);
        Assert.Equal(state.Until, decision.After.Until);
    }

    [Fact]
    public void Reconcile_NormalButTariffSyncHoldsSpike_Releases()
    {
        var machine = new SpikeMachine(new SpikeOptions());

        var decision = machine.Reconcile(SpikeSnapshot.Initial(Start), tariffSyncHoldsSpike: true, Start, enabled: true);

        Assert.Equal(OverrideAction.Release, decision.Action);
        Assert.Equal(SpikePhase.Restoring, decision.After.Phase);
    }

    [Fact]
    public void Reconcile_SpikeWhoseTariffRanOutWhileStopped_Releases()
    {
        var machine = new SpikeMachine(new SpikeOptions());
        var state = SpikeMachine.Applied(machine.OnPrice(SpikeSnapshot.Initial(Start), 400m, Start.AddMinutes(5), Start).After);

        var decision = machine.Reconcile(state, tariffSyncHoldsSpike: true, Start.AddHours(1), enabled: true);

        Assert.Equal(OverrideAction.Release, decision.Action);
        Assert.Equal(SpikePhase.Restoring, decision.After.Phase);
    }

    [Fact]
    public void OnPrice_AcrossAdelaideDstEnd_IntervalsAndExtensionsStayContinuous()
    {
        // 2026-04-05 03:00 ACDT (16:30 UTC on the 4th) the clocks go back to 02:00 ACST: the local
        // hour 02:00-03:00 happens twice. Intervals are UTC, so nothing may jump or repeat.
        var adelaide = TimeZoneInfo.FindSystemTimeZoneById("Australia/Adelaide");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 4, 4, 15, 0, 0, TimeSpan.Zero));
        time.SetLocalTimeZone(adelaide);
        var machine = new SpikeMachine(new SpikeOptions { MinimumDwell = TimeSpan.FromMinutes(10) });
        var state = SpikeSnapshot.Initial(time.GetUtcNow());
        var untils = new List<DateTimeOffset>();

        for (var i = 0; i < 36; i++) // 01:30 ACDT to 03:30 ACST: three hours of wall time, across the change
        {
            var now = time.GetUtcNow();
            var decision = machine.OnPrice(state, 900m, now + SpikeMachine.Interval, now);
            state = SpikeMachine.Applied(decision.After);
            untils.Add(state.Until!.Value);
            time.Advance(SpikeMachine.Interval);
        }

        Assert.True(adelaide.IsAmbiguousTime(new DateTime(2026, 4, 5, 2, 30, 0)));
        Assert.All(untils.Zip(untils.Skip(1)), pair => Assert.Equal(SpikeMachine.Interval, pair.Second - pair.First));
        Assert.Equal(SpikePhase.Spike, state.Phase);

        // Leaving still needs two whole intervals below the exit level, DST or not.
        var first = machine.OnPrice(state, 10m, time.GetUtcNow() + SpikeMachine.Interval, time.GetUtcNow());
        time.Advance(SpikeMachine.Interval);
        var second = machine.OnPrice(first.After, 10m, time.GetUtcNow() + SpikeMachine.Interval, time.GetUtcNow());
        Assert.Equal(SpikePhase.Spike, first.After.Phase);
        Assert.Equal(SpikePhase.Restoring, second.After.Phase);
    }
}
