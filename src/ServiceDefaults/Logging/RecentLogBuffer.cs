namespace TeslaSync.ServiceDefaults.Logging;

/// <summary>
/// The most recent log entries, at most <see cref="Capacity"/>: a fixed ring of slots written
/// without a lock, so logging never waits on a reader or on another writer, and memory never
/// grows past the ring. Each write takes the next sequence number and overwrites the oldest slot.
/// </summary>
public sealed class RecentLogBuffer
{
    private readonly Slot?[] _slots;
    private long _lastSequence;

    public RecentLogBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new Slot?[capacity];
    }

    public int Capacity => _slots.Length;

    public void Add(LogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var sequence = Interlocked.Increment(ref _lastSequence);
        Volatile.Write(ref _slots[sequence % _slots.Length], new Slot(sequence, entry));
    }

    /// <summary>The entries that match, newest first (in the order they were logged).</summary>
    public IReadOnlyList<LogEntry> Read(LogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var found = new List<LogEntry>(Math.Min(query.Limit, _slots.Length));
        var last = Volatile.Read(ref _lastSequence);
        var first = Math.Max(1, last - _slots.Length + 1);
        for (var sequence = last; sequence >= first && found.Count < query.Limit; sequence--)
        {
            // A slot holding another sequence was overwritten by a newer entry while we read
            // (or its writer has not stored it yet): skipping it keeps the order true.
            if (Volatile.Read(ref _slots[sequence % _slots.Length]) is { } slot && slot.Sequence == sequence && query.Matches(slot.Entry))
            {
                found.Add(slot.Entry);
            }
        }

        return found;
    }

    private sealed record Slot(long Sequence, LogEntry Entry);
}
