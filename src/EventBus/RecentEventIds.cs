namespace TeslaSync.EventBus;

/// <summary>
/// Remembers the ids of the last few thousand events handled, so a delivery seen twice
/// (a publisher's retry after a timeout that had in fact succeeded) is handled once.
/// </summary>
internal sealed class RecentEventIds(int capacity = 4096)
{
    private readonly HashSet<Guid> _seen = [];
    private readonly Queue<Guid> _order = new();
    private readonly Lock _lock = new();

    /// <summary>True the first time an id is offered; false for every repeat still remembered.</summary>
    public bool TryAdd(Guid id)
    {
        lock (_lock)
        {
            if (!_seen.Add(id))
            {
                return false;
            }

            _order.Enqueue(id);
            if (_order.Count > capacity)
            {
                _seen.Remove(_order.Dequeue());
            }

            return true;
        }
    }
}
