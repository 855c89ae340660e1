using Microsoft.Extensions.Time.Testing;

namespace TeslaSync.Integrations.UnitTests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports the timers created on it, so a test can wait until a retry
/// delay is really scheduled before moving the clock (advancing earlier would start the delay late).
/// </summary>
internal sealed class TestClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _dueTimes = [];

    public static readonly DateTimeOffset Epoch = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    public TestClock()
        : this(Epoch)
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _dueTimes.Add(dueTime);
        }

        return base.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Waits (in real time, bounded) until a timer due after exactly <paramref name="dueTime"/> exists.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime)
    {
        for (var i = 0; i < 500; i++)
        {
            lock (_gate)
            {
                if (_dueTimes.Contains(dueTime))
                {
                    return;
                }
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"No timer due in {dueTime} was created.");
    }

    /// <summary>Moves the clock in steps until <paramref name="task"/> finishes (retry backoffs have jitter, so their exact length is unknown).</summary>
    public async Task<T> RunAsync<T>(Task<T> task, TimeSpan? step = null)
    {
        for (var i = 0; i < 2000 && !task.IsCompleted; i++)
        {
            await Task.Delay(2, TestContext.Current.CancellationToken);
            Advance(step ?? TimeSpan.FromMilliseconds(500));
        }

        return await task;
    }
}
