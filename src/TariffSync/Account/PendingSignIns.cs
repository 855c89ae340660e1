using System.Collections.Concurrent;

namespace TeslaSync.TariffSync.Account;

/// <summary>
/// The <c>state</c> values of sign-ins started and not yet finished. Tesla sends the state back
/// with the code; a code that arrives with a state we did not hand out (or one older than ten
/// minutes) is refused, so a forged redirect cannot sign someone else's account in.
/// </summary>
internal sealed class PendingSignIns(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _started = new(StringComparer.Ordinal);

    public void Started(string state) => _started[state] = time.GetUtcNow();

    /// <summary>The expected state matching <paramref name="returnedState"/>, removed so it cannot be used twice; null when none matches.</summary>
    public string? Take(string? returnedState)
    {
        foreach (var (state, started) in _started)
        {
            if (time.GetUtcNow() - started > Lifetime)
            {
                _started.TryRemove(state, out _);
            }
        }

        return returnedState is not null && _started.TryRemove(returnedState, out _) ? returnedState : null;
    }
}
