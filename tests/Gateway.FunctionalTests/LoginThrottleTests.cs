using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Gateway.Security;

namespace TeslaSync.Gateway.FunctionalTests;

public sealed class LoginThrottleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 15, 3, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);

    private LoginThrottle Throttle() => new(_clock, Options.Create(new LoginLimits()));

    [Fact]
    public void FifthFailure_LocksForFifteenMinutes_ThenTheNameStartsAfresh()
    {
        var throttle = Throttle();

        for (var failure = 1; failure <= 4; failure++)
        {
            Assert.Null(throttle.RecordFailure("owner"));
        }

        Assert.Null(throttle.LockedFor("owner"));
        Assert.Equal(TimeSpan.FromMinutes(15), throttle.RecordFailure("Owner "));
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(TimeSpan.FromMinutes(5), throttle.LockedFor("OWNER"));
        Assert.Null(throttle.LockedFor("someone else"));

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(throttle.LockedFor("owner"));
        // The count started again: one more failure does not lock.
        Assert.Null(throttle.RecordFailure("owner"));
        Assert.Null(throttle.LockedFor("owner"));
    }

    [Fact]
    public void FailuresSpreadBeyondTheWindow_DoNotLock()
    {
        var throttle = Throttle();

        for (var failure = 1; failure <= 4; failure++)
        {
            throttle.RecordFailure("owner");
        }

        _clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Null(throttle.RecordFailure("owner"));
        Assert.Null(throttle.LockedFor("owner"));
    }

    [Fact]
    public void Success_ClearsTheCount()
    {
        var throttle = Throttle();
        for (var failure = 1; failure <= 4; failure++)
        {
            throttle.RecordFailure("owner");
        }

        throttle.RecordSuccess("owner");

        Assert.Null(throttle.RecordFailure("owner"));
    }

    [Fact]
    public void TableFullOfMadeUpNames_KeepsTheLockoutAndDropsTheOldestUnlockedName()
    {
        var throttle = Throttle();
        throttle.RecordFailure("first made-up name");
        for (var failure = 1; failure <= 5; failure++)
        {
            throttle.RecordFailure("owner");
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        for (var name = 0; name < LoginThrottle.MaxTrackedNames + 10; name++)
        {
            throttle.RecordFailure($"made-up-{name}");
        }

        Assert.Equal(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1), throttle.LockedFor("owner"));
        // Its one failure was forgotten: four more do not lock it.
        for (var failure = 1; failure <= 4; failure++)
        {
            Assert.Null(throttle.RecordFailure("first made-up name"));
        }
    }
}
