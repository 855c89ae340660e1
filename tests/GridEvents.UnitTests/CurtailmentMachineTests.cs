using Microsoft.Extensions.Time.Testing;
using TeslaSync.GridEvents.Curtailment;
using TeslaSync.GridEvents.Decisions;
using TeslaSync.GridEvents.Handlers;

namespace TeslaSync.GridEvents.UnitTests;

public sealed class CurtailmentMachineTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 18, 2, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly CurtailmentMachine _machine = new(new CurtailmentOptions { Enabled = true });

    /// <summary>Earnings for the interval now running; TariffSync acknowledges; the clock moves on five minutes.</summary>
    private Decision<CurtailmentSnapshot> Earnings(ref CurtailmentSnapshot state, decimal cents)
    {
        var now = _time.GetUtcNow();
        var decision = _machine.OnEarnings(state, cents, now.AddMinutes(5), now);
        state = decision.Action == OverrideAction.None ? decision.After : CurtailmentMachine.Acknowledged(decision.After, now);
        _time.Advance(TimeSpan.FromMinutes(5));
        return decision;
    }

    [Fact]
    public void OnEarnings_BelowOneCent_CurtailsWithTheOverride()
    {
        var state = CurtailmentSnapshot.Initial(Start);

        var decision = Earnings(ref state, 0.99m);

        Assert.True(decision.After.Curtailed);
        Assert.Equal(OverrideAction.Apply, decision.Action);
        Assert.Equal(1.0m, decision.Threshold);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-10)]
    public void OnEarnings_IntervalAlreadyOver_IsIgnored(int minutesFromNow)
    {
        var state = CurtailmentSnapshot.Initial(Start);
        var now = _time.GetUtcNow();

        var decision = _machine.OnEarnings(state, -5m, now.AddMinutes(minutesFromNow), now);

        Assert.Same(state, decision.After);
        Assert.Equal(OverrideAction.None, decision.Action);
    }

    [Fact]
    public void OnEarnings_FiveMinutePriceAfterTheHalfHour_IsNotOutOfDate()
    {
        var now = _time.GetUtcNow();
        var state = _machine.OnEarnings(CurtailmentSnapshot.Initial(Start), 5m, now.AddMinutes(30), now).After;

        var decision = _machine.OnEarnings(state, -5m, now.AddMinutes(5), now);

        Assert.True(decision.After.Curtailed);
        Assert.Equal(OverrideAction.Apply, decision.Action);
    }

    [Fact]
    public void OnEarnings_AroundTheLevels_ChangesOnlyAcrossTheHysteresisBand()
    {
        var state = CurtailmentSnapshot.Initial(Start);

        var decisions = new[] { 1.5m, 0.9m, 1.1m, 1.19m, 1.0m, 1.2m, 1.1m, 1.0m, 0.5m }.Select(c => Earnings(ref state, c)).ToList();

        Assert.Equal(
            [false, true, true, true, true, false, false, false, true],
            decisions.Select(d => d.After.Curtailed));
        Assert.Equal(3, decisions.Count(d => d.Before.Curtailed != d.After.Curtailed));
        Assert.Equal(OverrideAction.Release, decisions[5].Action);
    }

    [Fact]
    public void OnEarnings_PaidToExport_IsNegativeFeedInCost()
    {
        Assert.Equal(12.5m, FeedInEarnings.CentsPerKwh(-0.125m));
        Assert.Equal(-3m, FeedInEarnings.CentsPerKwh(0.03m));
    }

    [Fact]
    public void OnTick_Curtailed_ReassertsEveryFifteenMinutes()
    {
        var state = CurtailmentSnapshot.Initial(Start);
        Earnings(ref state, -5m);
        var actions = new List<OverrideAction>();

        for (var minute = 0; minute < 30; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            var decision = _machine.OnTick(state, _time.GetUtcNow(), enabled: true);
            actions.Add(decision.Action);
            state = decision.Action == OverrideAction.None ? decision.After : CurtailmentMachine.Acknowledged(decision.After, _time.GetUtcNow());
        }

        // Curtailed at 0 (then 5 minutes of price interval): re-asserted at 15 and 30.
        Assert.Equal(2, actions.Count(a => a == OverrideAction.Apply));
        Assert.DoesNotContain(OverrideAction.Release, actions);
    }

    [Fact]
    public void OnTick_UnacknowledgedRestore_RetriesTheRelease()
    {
        var state = CurtailmentSnapshot.Initial(Start);
        Earnings(ref state, -5m);
        var restore = _machine.OnEarnings(state, 5m, Start.AddMinutes(10), _time.GetUtcNow());

        var retry = _machine.OnTick(restore.After, _time.GetUtcNow().AddMinutes(1), enabled: true);

        Assert.Equal(OverrideAction.Release, retry.Action);
        Assert.False(retry.After.Curtailed);
    }

    [Fact]
    public void OnTick_TurnedOffWhileCurtailed_Releases()
    {
        var state = CurtailmentSnapshot.Initial(Start);
        Earnings(ref state, -5m);

        var decision = _machine.OnTick(state, _time.GetUtcNow(), enabled: false);

        Assert.Equal(OverrideAction.Release, decision.Action);
        Assert.False(decision.After.Curtailed);
    }

    [Fact]
    public void Reconcile_CurtailedButNotHeld_Reapplies()
    {
        var state = CurtailmentSnapshot.Initial(Start);
        Earnings(ref state, -5m);

        var decision = _machine.Reconcile(state, tariffSyncHoldsCurtailment: false, _time.GetUtcNow(), enabled: true);

        Assert.Equal(OverrideAction.Apply, decision.Action);
    }

    [Fact]
    public void Reconcile_NotCurtailedButHeld_Releases()
    {
        var decision = _machine.Reconcile(CurtailmentSnapshot.Initial(Start), tariffSyncHoldsCurtailment: true, Start, enabled: false);

        Assert.Equal(OverrideAction.Release, decision.Action);
    }
}
