using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Protocol;

namespace TeslaSync.Gateway.HomeAssistant;

/// <summary>
/// One connection to the broker, from connect to disconnect: announces the device (and removes entities an
/// earlier version announced that no longer exist), keeps states current, and carries out commands. Work
/// arrives on one queue and is done in order, so a command and a refresh never interleave.
/// </summary>
internal sealed partial class HaSession : IAsyncDisposable
{
    /// <summary>How long retained discovery configs from earlier runs are collected after subscribing.</summary>
    private static readonly TimeSpan RetainedCollectionTime = TimeSpan.FromSeconds(1);

    /// <summary>Events come in bursts (a price, then the sync it causes); one read after a short pause covers them.</summary>
    private static readonly TimeSpan RefreshDebounce = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan DisconnectTimeout = TimeSpan.FromSeconds(5);

    private readonly HomeAssistantOptions _options;
    private readonly string _siteId;
    private readonly HaTopics _topics;
    private readonly HaStatePublisher _publisher;
    private readonly IServiceScopeFactory _scopes;
    private readonly HaRefreshSignal _refresh;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IMqttClient _client;
    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private int _refreshQueued;

    public HaSession(HomeAssistantOptions options, string siteId, IServiceScopeFactory scopes, HaRefreshSignal refresh, TimeProvider time, ILogger logger)
    {
        _options = options;
        _siteId = siteId;
        _topics = new HaTopics(options, siteId);
        _publisher = new HaStatePublisher(_topics);
        _scopes = scopes;
        _refresh = refresh;
        _time = time;
        _logger = logger;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var message = e.ApplicationMessage;
            _work.Writer.TryWrite(new Work.Message(message.Topic, message.ConvertPayloadToString() ?? string.Empty, message.Retain));
            return Task.CompletedTask;
        };
        _client.DisconnectedAsync += e =>
        {
            _work.Writer.TryWrite(new Work.Lost(e.Exception?.Message ?? e.ReasonString ?? e.Reason.ToString()));
            return Task.CompletedTask;
        };
    }

    /// <summary>Connects with a last will that marks every entity unavailable if the bridge vanishes.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Broker!.Trim(), _options.Port)
            .WithClientId($"{_topics.NodeId}-{Guid.NewGuid().ToString("N")[..8]}")
            .WithCleanSession()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithWillTopic(_topics.Availability)
            .WithWillPayload(HaDiscovery.Offline)
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (!string.IsNullOrEmpty(_options.Username))
        {
            builder.WithCredentials(_options.Username, _options.Password);
        }

        var result = await _client.ConnectAsync(builder.Build(), cancellationToken);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new HaBrokerException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}".Trim());
        }
    }

    /// <summary>Announces the device and keeps it current until the connection is lost or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await RemoveStaleEntitiesAsync(cancellationToken);

        // From here on a change is queued even while the first states go out, so none is missed.
        _refresh.Listen(QueueRefresh);
        using var periodic = _time.CreateTimer(_ => _work.Writer.TryWrite(new Work.Periodic()), null, _options.StateRefreshInterval, _options.StateRefreshInterval);
        try
        {
            await AnnounceAsync(cancellationToken);
            await SubscribeAsync(cancellationToken, _topics.HomeAssistantStatus, _topics.CommandFilter);
            await PublishStatesAsync(all: true, cancellationToken);
            await foreach (var work in _work.Reader.ReadAllAsync(cancellationToken))
            {
                switch (work)
                {
                    case Work.Lost lost:
                        throw new HaBrokerException($"the connection was lost: {lost.Reason}");
                    case Work.Periodic:
                        await PublishStatesAsync(all: true, cancellationToken);
                        break;
                    case Work.Refresh:
                        await Task.Delay(RefreshDebounce, _time, cancellationToken);
                        Interlocked.Exchange(ref _refreshQueued, 0);
                        await PublishStatesAsync(all: false, cancellationToken);
                        break;
                    case Work.Message message:
                        await OnMessageAsync(message, cancellationToken);
                        break;
                }
            }
        }
        finally
        {
            _refresh.StopListening();
        }
    }

    /// <summary>Says goodbye properly: entities unavailable (a clean disconnect does not fire the last will), then disconnect.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            using var timeout = new CancellationTokenSource(DisconnectTimeout);
            try
            {
                await PublishAsync(_topics.Availability, HaDiscovery.Offline, retain: true, timeout.Token);
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                LogGoodbyeFailed(_logger, exception.Message);
            }
        }

        _client.Dispose();
    }

    private void QueueRefresh()
    {
        if (Interlocked.Exchange(ref _refreshQueued, 1) == 0)
        {
            _work.Writer.TryWrite(new Work.Refresh());
        }
    }

    /// <summary>
    /// Clears the retained configs of entities this site's device had under an earlier version but has no
    /// longer (an empty retained config removes the entity from Home Assistant).
    /// </summary>
    private async Task RemoveStaleEntitiesAsync(CancellationToken cancellationToken)
    {
        await SubscribeAsync(cancellationToken, _topics.ConfigFilter);
        var announced = new HashSet<string>(StringComparer.Ordinal);
        using (var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            window.CancelAfter(RetainedCollectionTime);
            try
            {
                while (await _work.Reader.WaitToReadAsync(window.Token))
                {
                    if (!_work.Reader.TryPeek(out var next) || next is not Work.Message { Retained: true } message || _topics.ParseConfig(message.Topic) is null)
                    {
                        break;
                    }

                    _work.Reader.TryRead(out _);
                    if (message.Payload.Length > 0)
                    {
                        announced.Add(message.Topic);
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The collection window is over.
            }
        }

        await _client.UnsubscribeAsync(new MqttClientUnsubscribeOptionsBuilder().WithTopicFilter(_topics.ConfigFilter).Build(), cancellationToken);
        var current = HaEntities.All.Select(_topics.Config).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in announced.Where(topic => !current.Contains(topic)))
        {
            await PublishAsync(stale, string.Empty, retain: true, cancellationToken);
            LogRemoved(_logger, stale);
        }
    }

    private async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        foreach (var entity in HaEntities.All)
        {
            await PublishAsync(_topics.Config(entity), HaDiscovery.Config(entity, _topics, _siteId).ToJsonString(), retain: true, cancellationToken);
        }

        await PublishAsync(_topics.Availability, HaDiscovery.Online, retain: true, cancellationToken);
    }

    private async Task PublishStatesAsync(bool all, CancellationToken cancellationToken)
    {
        IReadOnlyList<HaState> states;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            states = await scope.ServiceProvider.GetRequiredService<HaStateReader>().ReadAsync(cancellationToken);
        }

        foreach (var (topic, payload) in _publisher.Due(states, all))
        {
            // Not retained: the bridge re-publishes when Home Assistant restarts, and a retained state would
            // outlive the bridge (availability, which is retained, says when it is gone).
            await PublishAsync(topic, payload, retain: false, cancellationToken);
            _publisher.Sent(topic, payload);
        }
    }

    private async Task OnMessageAsync(Work.Message message, CancellationToken cancellationToken)
    {
        if (message.Topic == _topics.HomeAssistantStatus)
        {
            if (string.Equals(message.Payload, HaDiscovery.Online, StringComparison.OrdinalIgnoreCase))
            {
                // Home Assistant (re)started and forgot everything not retained: announce again, then every state.
                LogHomeAssistantOnline(_logger);
                await Task.Delay(RefreshDebounce, _time, cancellationToken);
                await AnnounceAsync(cancellationToken);
                await PublishStatesAsync(all: true, cancellationToken);
            }

            return;
        }

        if (_topics.CommandObjectId(message.Topic) is not { } objectId)
        {
            return;
        }

        if (message.Retained)
        {
            // A retained command would be carried out again on every reconnect; only live presses count.
            LogRetainedCommandIgnored(_logger, message.Topic);
            return;
        }

        bool changed;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            changed = await scope.ServiceProvider.GetRequiredService<HaCommandHandler>().HandleAsync(objectId, message.Payload, cancellationToken);
        }

        if (changed)
        {
            // All of them: a refused command must put Home Assistant's control back to what is in force.
            await PublishStatesAsync(all: true, cancellationToken);
        }
    }

    private async Task SubscribeAsync(CancellationToken cancellationToken, params string[] filters)
    {
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters)
        {
            builder.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        await _client.SubscribeAsync(builder.Build(), cancellationToken);
    }

    private Task PublishAsync(string topic, string payload, bool retain, CancellationToken cancellationToken) =>
        _client.PublishAsync(
            new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithRetainFlag(retain)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build(),
            cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Home Assistant: removed the entity announced at {Topic}, which no longer exists")]
    private static partial void LogRemoved(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Home Assistant came online; announcing the entities and their states again")]
    private static partial void LogHomeAssistantOnline(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Home Assistant: ignored a retained command on {Topic}; commands must not be retained")]
    private static partial void LogRetainedCommandIgnored(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Home Assistant: could not say goodbye to the broker ({Reason}); its last will marks the entities unavailable")]
    private static partial void LogGoodbyeFailed(ILogger logger, string reason);

    private abstract record Work
    {
        public sealed record Message(string Topic, string Payload, bool Retained) : Work;

        public sealed record Refresh : Work;

        public sealed record Periodic : Work;

        public sealed record Lost(string Reason) : Work;
    }
}

/// <summary>The broker refused, or the connection to it was lost; the bridge connects again after a pause.</summary>
internal sealed class HaBrokerException(string message) : Exception(message);
