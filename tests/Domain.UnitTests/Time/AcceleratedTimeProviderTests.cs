using Microsoft.Extensions.Time.Testing;
using TeslaSync.Domain.Time;

namespace TeslaSync.Domain.UnitTests.Time;

public sealed class AcceleratedTimeProviderTests
{
    private static readonly DateTimeOffset WallAnchor = new(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset DayStart = new(2026, 1, 18, 0, 0, 0, TimeSpan.FromHours(10));

    [Fact]
    public void GetUtcNow_WallClockAdvances_SimulatedTimeAdvancesSpeedTimesFasterFromStart()
    {
        var wall = new FakeTimeProvider(WallAnchor);
        var clock = new AcceleratedTimeProvider(new ClockSettings(DayStart, WallAnchor, 300), wall);
        Assert.Equal(DayStart, clock.GetUtcNow());

        wall.Advance(TimeSpan.FromSeconds(12));

        Assert.Equal(DayStart.AddHours(1), clock.GetUtcNow());
    }

    [Fact]
    public void GetUtcNow_ProcessStartedAfterTheAnchor_AgreesWithOneStartedAtIt()
    {
        var wall = new FakeTimeProvider(WallAnchor);
        var settings = new ClockSettings(DayStart, WallAnchor, 60);
        var first = new AcceleratedTimeProvider(settings, wall);
        wall.Advance(TimeSpan.FromSeconds(7));

        var second = new AcceleratedTimeProvider(settings, wall);

        Assert.Equal(first.GetUtcNow(), second.GetUtcNow());
        Assert.Equal(DayStart.AddMinutes(7), second.GetUtcNow());
    }

    [Fact]
    public async Task Delay_OneSimulatedMinute_TakesOneSixtiethOfTheWallClockMinuteAtSpeed60()
    {
        var wall = new FakeTimeProvider(WallAnchor);
        var clock = new AcceleratedTimeProvider(new ClockSettings(DayStart, WallAnchor, 60), wall);

        var delay = Task.Delay(TimeSpan.FromMinutes(1), clock, TestContext.Current.CancellationToken);
        wall.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(delay.IsCompleted);
        wall.Advance(TimeSpan.FromMilliseconds(1));

        await delay.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    [Fact]
    public void CreateTimer_ChangedPeriod_FiresAtTheAcceleratedPeriod()
    {
        var wall = new FakeTimeProvider(WallAnchor);
        var clock = new AcceleratedTimeProvider(new ClockSettings(DayStart, WallAnchor, 10), wall);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        wall.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, fired);

        timer.Change(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        wall.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(3, fired);
    }

    [Fact]
    public void GetElapsedTime_OneWallSecond_IsSpeedSecondsOfSimulatedTime()
    {
        var wall = new FakeTimeProvider(WallAnchor);
        var clock = new AcceleratedTimeProvider(new ClockSettings(DayStart, WallAnchor, 300), wall);
        var started = clock.GetTimestamp();

        wall.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromMinutes(5), clock.GetElapsedTime(started));
    }
}

public sealed class ClockSettingsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Read_NoStart_IsTheWallClock()
    {
        var settings = ClockSettings.Read(_ => null, Now);

        Assert.Null(settings);
        Assert.Same(TimeProvider.System, ClockSettings.Create(settings, TimeProvider.System));
    }

    [Fact]
    public void Read_StartAndSpeed_AnchorsAtNow()
    {
        var values = new Dictionary<string, string> { ["Clock:Start"] = "2026-01-18T00:00:00+10:00", ["Clock:Speed"] = "300" };

        var settings = ClockSettings.Read(key => values.GetValueOrDefault(key), Now);

        Assert.Equal(new ClockSettings(new DateTimeOffset(2026, 1, 17, 14, 0, 0, TimeSpan.Zero), Now, 300), settings);
    }

    [Theory]
    [InlineData("Clock:Speed", "0.5", "Clock:Speed must be a number from 1")]
    [InlineData("Clock:Speed", "fast", "Clock:Speed must be a number from 1")]
    [InlineData("Clock:Speed", "100000", "Clock:Speed must be a number from 1")]
    [InlineData("Clock:Anchor", "yesterday", "Clock:Anchor must be an ISO 8601 instant")]
    [InlineData("Clock:Start", "18/01/2026 midnight", "Clock:Start must be an ISO 8601 instant")]
    public void Read_BadValue_NamesTheSetting(string key, string value, string message)
    {
        var values = new Dictionary<string, string> { ["Clock:Start"] = "2026-01-18T00:00:00+10:00", [key] = value };

        var error = Assert.Throws<FormatException>(() => ClockSettings.Read(k => values.GetValueOrDefault(k), Now));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
