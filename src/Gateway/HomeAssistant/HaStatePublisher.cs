namespace TeslaSync.Gateway.HomeAssistant;

/// <summary>
/// Decides which state and attribute messages go out: only those that changed since they were last sent,
/// unless everything is due again (the periodic refresh, or Home Assistant restarted). This keeps a
/// Powerwall sampled every 30 seconds from flooding the broker with identical payloads.
/// </summary>
internal sealed class HaStatePublisher(HaTopics topics)
{
    private readonly Dictionary<string, string> _sent = new(StringComparer.Ordinal);

    /// <summary>The messages to publish for <paramref name="states"/>: (topic, payload).</summary>
    public IReadOnlyList<(string Topic, string Payload)> Due(IEnumerable<HaState> states, bool all)
    {
        ArgumentNullException.ThrowIfNull(states);
        var due = new List<(string, string)>();
        foreach (var state in states)
        {
            if (HaEntities.Find(state.ObjectId) is not { HasState: true } entity)
            {
                continue;
            }

            Add(due, topics.State(entity.ObjectId), state.Value, all);
            if (entity.HasAttributes && state.Attributes is { } attributes)
            {
                Add(due, topics.Attributes(entity.ObjectId), attributes.ToJsonString(), all);
            }
        }

        return due;
    }

    /// <summary>Marks a message as sent, once the broker took it.</summary>
    public void Sent(string topic, string payload) => _sent[topic] = payload;

    private void Add(List<(string, string)> due, string topic, string payload, bool all)
    {
        if (all || !_sent.TryGetValue(topic, out var last) || last != payload)
        {
            due.Add((topic, payload));
        }
    }
}
