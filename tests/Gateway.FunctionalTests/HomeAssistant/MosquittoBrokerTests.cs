using TeslaSync.TestSupport;

namespace TeslaSync.Gateway.FunctionalTests.HomeAssistant;

/// <summary>The real broker and probe the Home Assistant bridge's tests run against.</summary>
public sealed class MosquittoBrokerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RetainedMessage_ReachesALaterSubscriber_AndLiveMessagesKeepTheirRetainFlag()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        Assert.NotEqual(1883, broker.Port);
        await using var publisher = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await using var early = await MqttProbe.ConnectAsync(broker.Host, broker.Port, "teslasync-test/#");

        await publisher.PublishAsync("teslasync-test/config", """{"unique_id":"x"}""", retain: true);
        var live = await early.WaitForTopicAsync("teslasync-test/config", Patience);
        await using var late = await MqttProbe.ConnectAsync(broker.Host, broker.Port, "teslasync-test/+");
        var replayed = await late.WaitForAsync(message => message.Topic == "teslasync-test/config", Patience);

        Assert.Equal("""{"unique_id":"x"}""", replayed.Payload);
        Assert.True(replayed.Retain);
        Assert.True(live.Retain);

        await publisher.PublishAsync("teslasync-test/state", "42");
        var state = await late.WaitForAsync(message => message.Topic == "teslasync-test/state", Patience);
        Assert.Equal("42", state.Payload);
        Assert.False(state.Retain);
        Assert.Equal(["teslasync-test/config", "teslasync-test/state"], late.Messages.Select(message => message.Topic));
    }

    [Fact]
    public async Task WaitFor_NothingMatches_TimesOutListingTheTopicsReceived()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port, "teslasync-test/#");
        await probe.PublishAsync("teslasync-test/a", "1");
        await probe.WaitForTopicAsync("teslasync-test/a", Patience);

        var timeout = await Assert.ThrowsAsync<TimeoutException>(
            () => probe.WaitForAsync(message => message.Topic == "teslasync-test/never", TimeSpan.FromMilliseconds(300)));

        Assert.Contains("teslasync-test/a", timeout.Message, StringComparison.Ordinal);
        probe.Clear();
        Assert.Empty(probe.Messages);
    }

    [Fact]
    public async Task RestartAsync_SamePort_AcceptsNewClientsAgain()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var port = broker.Port;
        await using (var before = await MqttProbe.ConnectAsync(broker.Host, broker.Port, "teslasync-test/#"))
        {
            Assert.True(before.IsConnected);
        }

        var survivor = await MqttProbe.ConnectAsync(broker.Host, broker.Port, "teslasync-test/#");

        await broker.StopAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => MqttProbe.ConnectAsync(broker.Host, broker.Port));
        await survivor.DisposeAsync(); // a probe outliving its broker still disposes quietly

        await broker.RestartAsync();
        Assert.Equal(port, broker.Port);
        await using var subscriber = await MqttProbe.ConnectAsync(broker.Host, broker.Port, "teslasync-test/#");
        await using var publisher = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await publisher.PublishAsync("teslasync-test/after-restart", "ok");

        var message = await subscriber.WaitForTopicAsync("teslasync-test/after-restart", Patience);
        Assert.Equal("ok", message.Payload);
    }
}
