using Microsoft.Extensions.Options;

namespace TeslaSync.Gateway.Security;

/// <summary>
/// Locks a user name after too many wrong passwords, wherever they come from: the per-address
/// limit alone would let many addresses guess at one account. Names that do not exist are
/// tracked the same way, so a lockout does not reveal which name is real.
/// </summary>
internal sealed class LoginThrottle(TimeProvider clock, IOptions<LoginLimits> options)
{
    // Enough for any honest use; the bound keeps made-up names from growing memory without limit.
    internal const int MaxTrackedNames = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Failures> _byName = new(StringComparer.Ordinal);
    private readonly LoginLimits _limits = options.Value;

    /// <summary>How long <paramref name="userName"/> stays locked, or null when it may try.</summary>
    public TimeSpan? LockedFor(string? userName)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            return _byName.TryGetValue(PasswordPolicy.Normalize(userName), out var failures) && failures.LockedUntil > now
                ? failures.LockedUntil - now
                : null;
        }
    }

    /// <summary>Counts a wrong password; returns the lockout when this one started it.</summary>
    public TimeSpan? RecordFailure(string? userName)
    {
        var now = clock.GetUtcNow();
        var key = PasswordPolicy.Normalize(userName);
        lock (_gate)
        {
            if (!_byName.TryGetValue(key, out var failures) || IsStale(failures, now))
            {
                MakeRoom(now);
                failures = new Failures(now);
                _byName[key] = failures;
            }

            failures.Count++;
            if (failures.Count < _limits.FailuresBeforeLockout)
            {
                return null;
            }

            failures.LockedUntil = now + _limits.Lockout;
            return _limits.Lockout;
        }
    }

    /// <summary>A right password clears the count.</summary>
    public void RecordSuccess(string? userName)
    {
        lock (_gate)
        {
            _byName.Remove(PasswordPolicy.Normalize(userName));
        }
    }

    /// <summary>Failures outside the window no longer count, and an ended lockout starts afresh.</summary>
    private bool IsStale(Failures failures, DateTimeOffset now) =>
        failures.LockedUntil is { } until ? until <= now : failures.FirstAt + _limits.FailureWindow <= now;

    private void MakeRoom(DateTimeOffset now)
    {
        if (_byName.Count < MaxTrackedNames)
        {
            return;
        }

        foreach (var stale in _byName.Where(entry => IsStale(entry.Value, now)).Select(entry => entry.Key).ToList())
        {
            _byName.Remove(stale);
        }

        if (_byName.Count >= MaxTrackedNames)
        {
            // Never give up a lockout to make room: else a flood of made-up names would unlock the real one.
            var victim = _byName.Where(entry => entry.Value.LockedUntil is null).MinBy(entry => entry.Value.FirstAt) is { Key: not null } unlocked
                ? unlocked
                : _byName.MinBy(entry => entry.Value.LockedUntil);
            _byName.Remove(victim.Key);
        }
    }

    private sealed class Failures(DateTimeOffset firstAt)
    {
        public DateTimeOffset FirstAt { get; } = firstAt;

        public int Count { get; set; }

        public DateTimeOffset? LockedUntil { get; set; }
    }
}
