using System.Globalization;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace TeslaSync.TestSupport;

/// <summary>One message an <see cref="MqttProbe"/> received.</summary>
/// <param name="Topic">The topic it was published to.</param>
/// <param name="Payload">The payload as UTF-8 text; empty for an empty payload (a retained message being cleared).</param>
/// <param name="Retain">
/// The retain flag as delivered: true for a retained message the broker replays on subscribe, and
/// (the probe subscribes with retain-as-published) true for a live message its publisher sent retained.
/// </param>
/// <param name="ReceivedAt">When the probe received it (UTC).</param>
public sealed record ReceivedMqttMessage(string Topic, string Payload, bool Retain, DateTimeOffset ReceivedAt)
{
    public override string ToString() =>
        $"{Topic}{(Retain ? " (retained)" : string.Empty)}: {(Payload.Length > 200 ? Payload[..200] + "…" : Payload)}";
}

/// <summary>
/// An MQTT 5 client for tests that subscribes to topic filters and records every message it
/// receives, so a test can wait for what a component under test publishes and publish to it.
/// </summary>
public sealed class MqttProbe : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly List<ReceivedMqttMessage> _messages = [];
    private readonly List<Waiter> _waiters = [];

    private MqttProbe(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    /// <summary>The client id this probe connected with.</summary>
    public string ClientId { get; private set; } = string.Empty;

    public bool IsConnected => _client.IsConnected;

    /// <summary>A snapshot of every message received so far (since the last <see cref="Clear"/>), oldest first.</summary>
    public IReadOnlyList<ReceivedMqttMessage> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>
    /// Connects (clean start, QoS 1 subscriptions) to a broker and subscribes to the topic filters
    /// (wildcards allowed, e.g. <c>homeassistant/#</c>). Retained messages on them arrive at once.
    /// </summary>
    public static async Task<MqttProbe> ConnectAsync(string host, int port, params string[] topicFilters)
    {
        ArgumentNullException.ThrowIfNull(topicFilters);
        var factory = new MqttClientFactory();
        var probe = new MqttProbe(factory.CreateMqttClient());
        try
        {
            probe.ClientId = "teslasync-probe-" + Guid.NewGuid().ToString("N")[..12];
            var options = new MqttClientOptionsBuilder()
                .WithTcpServer(host, port)
                .WithClientId(probe.ClientId)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithCleanStart(true)
                .WithTimeout(TimeSpan.FromSeconds(10))
                .Build();
            await probe._client.ConnectAsync(options);

            if (topicFilters.Length > 0)
            {
                var subscribe = factory.CreateSubscribeOptionsBuilder();
                foreach (var filter in topicFilters)
                {
                    subscribe.WithTopicFilter(topic => topic
                        .WithTopic(filter)
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                        .WithRetainAsPublished(true));
                }

                var result = await probe._client.SubscribeAsync(subscribe.Build());
                var refused = result.Items.Where(item => (int)item.ResultCode > (int)MqttClientSubscribeResultCode.GrantedQoS2).ToList();
                if (refused.Count > 0)
                {
                    throw new InvalidOperationException(
                        "The broker refused the subscriptions " + string.Join(", ", refused.Select(item => $"{item.TopicFilter.Topic} ({item.ResultCode})")));
                }
            }
        }
        catch
        {
            await probe.DisposeAsync();
            throw;
        }

        return probe;
    }

    /// <summary>
    /// Returns the first message, already received or still to come, that matches; throws a
    /// <see cref="TimeoutException"/> listing the topics received so far when none arrives in time.
    /// </summary>
    public async Task<ReceivedMqttMessage> WaitForAsync(Func<ReceivedMqttMessage, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        Waiter waiter;
        lock (_messages)
        {
            var existing = _messages.FirstOrDefault(match);
            if (existing is not null)
            {
                return existing;
            }

            waiter = new Waiter(match);
            _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Completion.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            var received = Messages;
            var topics = received.Count == 0
                ? "none"
                : string.Join(", ", received.GroupBy(message => message.Topic).Select(group => group.Count() == 1 ? group.Key : $"{group.Key} (x{group.Count()})"));
            throw new TimeoutException(string.Create(
                CultureInfo.InvariantCulture,
                $"No matching MQTT message within {timeout.TotalSeconds:0.#} s. Probe {ClientId} (connected: {IsConnected}) received {received.Count} message(s) on: {topics}"));
        }
        finally
        {
            lock (_messages)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Waits for the first message on exactly this topic.</summary>
    public Task<ReceivedMqttMessage> WaitForTopicAsync(string topic, TimeSpan timeout) =>
        WaitForAsync(message => message.Topic == topic, timeout);

    /// <summary>Publishes a UTF-8 payload with QoS 1 and waits for the broker's acknowledgement.</summary>
    public async Task PublishAsync(string topic, string payload, bool retain = false)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithRetainFlag(retain)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = await _client.PublishAsync(message);
        if (!result.IsSuccess && result.ReasonCode != MqttClientPublishReasonCode.NoMatchingSubscribers)
        {
            throw new InvalidOperationException($"The broker refused the publish to {topic}: {result.ReasonCode} {result.ReasonString}");
        }
    }

    /// <summary>Forgets the messages received so far (waiting callers keep waiting for new ones).</summary>
    public void Clear()
    {
        lock (_messages)
        {
            _messages.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.ApplicationMessageReceivedAsync -= OnMessageAsync;
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder()
                    .WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection)
                    .Build());
            }
        }
        catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or ObjectDisposedException)
        {
            // The broker is already gone (a test stopped it); nothing to say goodbye to.
        }
        finally
        {
            _client.Dispose();
        }
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var message = new ReceivedMqttMessage(
            e.ApplicationMessage.Topic,
            e.ApplicationMessage.ConvertPayloadToString() ?? string.Empty,
            e.ApplicationMessage.Retain,
            DateTimeOffset.UtcNow);

        List<Waiter> satisfied;
        lock (_messages)
        {
            _messages.Add(message);
            satisfied = _waiters.Where(waiter => waiter.Match(message)).ToList();
            foreach (var waiter in satisfied)
            {
                _waiters.Remove(waiter);
            }
        }

        foreach (var waiter in satisfied)
        {
            waiter.Completion.TrySetResult(message);
        }

        return Task.CompletedTask;
    }

    private sealed class Waiter(Func<ReceivedMqttMessage, bool> match)
    {
        public Func<ReceivedMqttMessage, bool> Match { get; } = match;

        public TaskCompletionSource<ReceivedMqttMessage> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
