namespace TeslaSync.Domain.Time;

/// <summary>
/// A clock that runs <see cref="Speed"/> times faster than the wall clock, showing
/// <see cref="ClockSettings.Start"/> at the wall-clock instant <see cref="ClockSettings.Anchor"/>.
/// Every process of a replay gets the same settings, so they all agree on "now" whenever they start.
/// Timers run faster by the same factor, so a one-minute check fires every 60/speed seconds.
/// </summary>
public sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly TimeProvider _wallClock;
    private readonly ClockSettings _settings;
    private readonly long _anchorTimestamp;

    public AcceleratedTimeProvider(ClockSettings settings, TimeProvider wallClock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(wallClock);
        _settings = settings;
        _wallClock = wallClock;
        _anchorTimestamp = wallClock.GetTimestamp();
    }

    public double Speed => _settings.Speed;

    public override TimeZoneInfo LocalTimeZone => _wallClock.LocalTimeZone;

    public override long TimestampFrequency => _wallClock.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() =>
        _settings.Start + ((_wallClock.GetUtcNow() - _settings.Anchor) * _settings.Speed);

    // Counted from construction, so multiplying by the speed cannot overflow on a long-running machine.
    public override long GetTimestamp() => (long)((_wallClock.GetTimestamp() - _anchorTimestamp) * _settings.Speed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new AcceleratedTimer(_wallClock.CreateTimer(callback, state, ToWallClock(dueTime), ToWallClock(period)), this);

    /// <summary>How long <paramref name="duration"/> of this clock's time lasts on the wall clock.</summary>
    public TimeSpan ToWallClock(TimeSpan duration) =>
        duration == Timeout.InfiniteTimeSpan || duration <= TimeSpan.Zero ? duration : duration / _settings.Speed;

    private sealed class AcceleratedTimer(ITimer inner, AcceleratedTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.ToWallClock(dueTime), clock.ToWallClock(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
