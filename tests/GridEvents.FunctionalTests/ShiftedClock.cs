namespace TeslaSync.GridEvents.FunctionalTests;

/// <summary>
/// The real clock plus an offset a test moves forward: GridEvents' checks keep running on real
/// timers (every 250 ms in these tests) while the test jumps its wall clock across a demand
/// window's edges, without waiting hours.
/// </summary>
internal sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Shift(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
