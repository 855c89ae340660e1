using System.Globalization;

namespace TeslaSync.Simulator.Amber;

/// <summary>
/// Fixed-window request counter behind the <c>RateLimit-*</c> headers (policy <c>limit;w=seconds</c>,
/// default <c>50;w=300</c>). Windows are aligned to multiples of the window length in Unix time,
/// so the reset value is a pure function of the clock.
/// </summary>
public sealed class AmberRateLimit
{
    private readonly Lock _gate = new();
    private long _window = -1;
    private int _used;

    public AmberRateLimit(string policy)
    {
        Policy = policy;
        var parts = policy.Split(';', StringSplitOptions.TrimEntries);
        Limit = int.Parse(parts[0], CultureInfo.InvariantCulture);
        WindowSeconds = parts.Skip(1).Where(p => p.StartsWith("w=", StringComparison.Ordinal))
            .Select(p => int.Parse(p[2..], CultureInfo.InvariantCulture)).DefaultIfEmpty(300).First();
    }

    public string Policy { get; }

    public int Limit { get; }

    public int WindowSeconds { get; }

    /// <summary>Counts one request; returns what the headers should say and whether it is within the limit.</summary>
    public (bool Allowed, int Remaining, int ResetSeconds) Consume(DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeSeconds();
        var window = seconds / WindowSeconds;
        var reset = (int)(((window + 1) * WindowSeconds) - seconds);
        lock (_gate)
        {
            if (window != _window)
            {
                _window = window;
                _used = 0;
            }

            _used++;
            return (_used <= Limit, Math.Max(0, Limit - _used), reset);
        }
    }
}
