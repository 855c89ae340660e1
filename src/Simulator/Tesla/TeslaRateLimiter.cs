using Microsoft.Extensions.Options;

namespace TeslaSync.Simulator.Tesla;

/// <summary>
/// Fixed-window counters per (site, data|command), windows aligned to Unix time so <c>Retry-After</c> is a pure
/// function of the clock. Settings start from <see cref="TeslaRateLimitOptions"/> and can be replaced at run time.
/// </summary>
public sealed class TeslaRateLimiter(IOptions<TeslaOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Scope, bool Command), (long Window, int Used)> _counters = [];
    private TeslaRateLimitOptions _settings = options.Value.RateLimit.Copy();

    public TeslaRateLimitOptions Settings
    {
        get
        {
            lock (_gate)
            {
                return _settings.Copy();
            }
        }
    }

    public void Configure(TeslaRateLimitOptions settings)
    {
        lock (_gate)
        {
            _settings = settings.Copy();
            _counters.Clear();
        }
    }

    public void Reset() => Configure(options.Value.RateLimit);

    /// <summary>Counts one call; when over the limit returns the seconds until the window resets.</summary>
    /// <param name="scope">The energy site id, or <c>account</c> for account-level calls.</param>
    public (bool Allowed, int Limit, int Remaining, int ResetSeconds) Consume(string scope, bool command, DateTimeOffset now)
    {
        lock (_gate)
        {
            var limit = command ? _settings.CommandsPerWindow : _settings.DataReadsPerWindow;
            var windowSeconds = Math.Max(1, command ? _settings.CommandWindowSeconds : _settings.DataWindowSeconds);
            if (!_settings.Enabled)
            {
                return (true, limit, limit, windowSeconds);
            }

            var seconds = now.ToUnixTimeSeconds();
            var window = seconds / windowSeconds;
            var reset = (int)(((window + 1) * windowSeconds) - seconds);
            var used = _counters.TryGetValue((scope, command), out var counter) && counter.Window == window ? counter.Used : 0;
            if (used >= limit)
            {
                return (false, limit, 0, reset); // refused calls do not count, as on a real gateway
            }

            _counters[(scope, command)] = (window, used + 1);
            return (true, limit, limit - used - 1, reset);
        }
    }
}

/// <summary>One Tesla request as answered (no headers or bodies: they carry tokens).</summary>
public sealed record TeslaServedRequest(DateTimeOffset At, string Method, string Path, int Status);

/// <summary>Bounded log of the last Tesla requests (API and OAuth), for tests that count calls.</summary>
public sealed class TeslaRequestLog
{
    public const int Capacity = 5000;
    private readonly Lock _gate = new();
    private readonly Queue<TeslaServedRequest> _entries = new();

    public void Add(TeslaServedRequest entry)
    {
        lock (_gate)
        {
            _entries.Enqueue(entry);
            while (_entries.Count > Capacity)
            {
                _entries.Dequeue();
            }
        }
    }

    public IReadOnlyList<TeslaServedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }
}
