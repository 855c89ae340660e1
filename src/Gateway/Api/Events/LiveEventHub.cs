using System.Collections.Concurrent;
using System.Threading.Channels;

namespace TeslaSync.Gateway.Api.Events;

/// <summary>One event for the browser: its SSE name (<c>spike-started</c>) and JSON payload.</summary>
public sealed record LiveEvent(string Name, string Json);

/// <summary>
/// Fans bus events out to every connected <c>/api/events</c> client. Each client has its own
/// bounded queue; a client that does not keep up loses its oldest events, never slows the others.
/// </summary>
internal sealed class LiveEventHub
{
    public const int QueueCapacity = 256;

    private readonly ConcurrentDictionary<Guid, Channel<LiveEvent>> _clients = new();

    public int ClientCount => _clients.Count;

    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        var id = Guid.NewGuid();
        _clients[id] = channel;
        return new Subscription(channel.Reader, () =>
        {
            if (_clients.TryRemove(id, out var removed))
            {
                removed.Writer.TryComplete();
            }
        });
    }

    public void Publish(LiveEvent liveEvent)
    {
        foreach (var channel in _clients.Values)
        {
            channel.Writer.TryWrite(liveEvent);
        }
    }

    /// <summary>A client's queue; disposing it disconnects the client from the hub.</summary>
    internal sealed class Subscription(ChannelReader<LiveEvent> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<LiveEvent> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}
