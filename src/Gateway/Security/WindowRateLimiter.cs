using System.Threading.RateLimiting;

namespace TeslaSync.Gateway.Security;

/// <summary>
/// A fixed-window limiter that reads the injected <see cref="TimeProvider"/>. The framework's
/// FixedWindowRateLimiter replenishes on its own real-time timer, so a test could only see a window
/// end by waiting minutes for it.
/// </summary>
internal sealed class WindowRateLimiter(int permitLimit, TimeSpan window, TimeProvider clock) : RateLimiter
{
    private readonly Lock _gate = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _used;

    /// <summary>Idle only once its window has ended: dropping a partition mid-window would forget the count.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            var now = clock.GetUtcNow();
            lock (_gate)
            {
                return WindowEnd <= now ? now - WindowEnd : null;
            }
        }
    }

    private DateTimeOffset WindowEnd => _windowStart == DateTimeOffset.MinValue ? DateTimeOffset.MinValue : _windowStart + window;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            return new RateLimiterStatistics { CurrentAvailablePermits = Math.Max(0, permitLimit - _used) };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (WindowEnd <= now)
            {
                _windowStart = now;
                _used = 0;
            }

            if (_used + permitCount > permitLimit)
            {
                return WindowLease.Rejected(WindowEnd - now);
            }

            _used += permitCount;
            return WindowLease.Acquired;
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private sealed class WindowLease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly WindowLease Acquired = new(true, null);

        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames =>
            retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public static WindowLease Rejected(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
