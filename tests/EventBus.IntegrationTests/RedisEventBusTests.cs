using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using TeslaSync.TestSupport;

namespace TeslaSync.EventBus.IntegrationTests;

public sealed class RedisEventBusTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private RedisServer _redis = null!;

    public async ValueTask InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task PublishAsync_SubscriberInAnotherHost_ReceivesTheTypedEvent()
    {
        var received = new ReceivedEvents();
        using var consumer = await BusHost.StartAsync(_redis.ConnectionString, subscribe: true, received);
        using var producer = await BusHost.StartAsync(_redis.ConnectionString, subscribe: false);
        await WaitForSubscriberAsync(producer);

        var sent = new SomethingHappened { SiteId = "home", OccurredAt = DateTimeOffset.UnixEpoch, What = "prices" };
        await producer.Services.GetRequiredService<IEventBus>().PublishAsync(sent, TestContext.Current.CancellationToken);

        await received.WaitForAsync(1, Patience);
        var got = Assert.Single(received.All);
        Assert.Equal(sent, got);
    }

    [Fact]
    public async Task PublishAsync_WithinAnActivity_HandlerRunsInAChildOfThePublishSpan()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EventBusTelemetry.ActivitySourceName || source.Name == "test",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        using var testSource = new ActivitySource("test");

        var received = new ReceivedEvents();
        string? handlerTraceId = null;
        received.OnReceive = _ =>
        {
            handlerTraceId = Activity.Current?.TraceId.ToHexString();
            return Task.CompletedTask;
        };
        using var consumer = await BusHost.StartAsync(_redis.ConnectionString, subscribe: true, received);
        using var producer = await BusHost.StartAsync(_redis.ConnectionString, subscribe: false);
        await WaitForSubscriberAsync(producer);

        string rootTraceId;
        using (var root = testSource.StartActivity("price update"))
        {
            rootTraceId = root!.TraceId.ToHexString();
            await producer.Services.GetRequiredService<IEventBus>().PublishAsync(
                new SomethingHappened { SiteId = "home", OccurredAt = DateTimeOffset.UnixEpoch, What = "traced" },
                TestContext.Current.CancellationToken);
        }

        await received.WaitForAsync(1, Patience);
        await WaitUntilAsync(() => { lock (spans) { return spans.Any(s => s.Kind == ActivityKind.Consumer); } });

        lock (spans)
        {
            var publish = Assert.Single(spans, s => s.Kind == ActivityKind.Producer);
            var process = Assert.Single(spans, s => s.Kind == ActivityKind.Consumer);
            Assert.Equal(rootTraceId, publish.TraceId.ToHexString());
            Assert.Equal(publish.TraceId, process.TraceId);
            Assert.Equal(publish.SpanId, process.ParentSpanId);
        }

        Assert.Equal(rootTraceId, handlerTraceId);
    }

    [Fact]
    public async Task Subscriber_SameEventDeliveredTwice_HandlesItOnce()
    {
        var received = new ReceivedEvents();
        using var consumer = await BusHost.StartAsync(_redis.ConnectionString, subscribe: true, received);
        using var producer = await BusHost.StartAsync(_redis.ConnectionString, subscribe: false);
        await WaitForSubscriberAsync(producer);
        var bus = producer.Services.GetRequiredService<IEventBus>();

        var once = new SomethingHappened { SiteId = "home", OccurredAt = DateTimeOffset.UnixEpoch, What = "once" };
        await bus.PublishAsync(once, TestContext.Current.CancellationToken);
        await bus.PublishAsync(once, TestContext.Current.CancellationToken);
        var marker = new SomethingHappened { SiteId = "home", OccurredAt = DateTimeOffset.UnixEpoch, What = "marker" };
        await bus.PublishAsync(marker, TestContext.Current.CancellationToken);

        await received.WaitForAsync(2, Patience);
        Assert.Equal(["once", "marker"], received.All.Select(e => e.What));
    }

    [Fact]
    public async Task Subscriber_MalformedMessageAndFailingHandler_KeepsHandlingLaterEvents()
    {
        var received = new ReceivedEvents();
        received.OnReceive = e => e.What == "boom" ? throw new InvalidOperationException("handler failed") : Task.CompletedTask;
        using var consumer = await BusHost.StartAsync(_redis.ConnectionString, subscribe: true, received);
        using var producer = await BusHost.StartAsync(_redis.ConnectionString, subscribe: false);
        await WaitForSubscriberAsync(producer);

        var redis = producer.Services.GetRequiredService<IConnectionMultiplexer>();
        await redis.GetSubscriber().PublishAsync(
            RedisChannel.Literal(EventName.ChannelOf(nameof(SomethingHappened))), "{not json");
        var bus = producer.Services.GetRequiredService<IEventBus>();
        await bus.PublishAsync(new SomethingHappened { SiteId = "home", OccurredAt = DateTimeOffset.UnixEpoch, What = "boom" },
            TestContext.Current.CancellationToken);
        await bus.PublishAsync(new SomethingHappened { SiteId = "home", OccurredAt = DateTimeOffset.UnixEpoch, What = "after" },
            TestContext.Current.CancellationToken);

        await received.WaitForAsync(1, Patience);
        Assert.Equal("after", Assert.Single(received.All).What);
    }

    [Fact]
    public async Task Subscriber_RedisRestarts_ReceivesEventsPublishedAfterTheRestart()
    {
        var received = new ReceivedEvents();
        using var consumer = await BusHost.StartAsync(_redis.ConnectionString, subscribe: true, received);
        using var producer = await BusHost.StartAsync(_redis.ConnectionString, subscribe: false);
        await WaitForSubscriberAsync(producer);

        await _redis.RestartAsync();

        // Publishing retries while the connection comes back; the subscriber resubscribes by itself.
        var bus = producer.Services.GetRequiredService<IEventBus>();
        var deadline = DateTime.UtcNow + Patience;
        while (received.All.Count == 0 && DateTime.UtcNow < deadline)
        {
            try
            {
                await bus.PublishAsync(
                    new SomethingHappened { SiteId = "home", OccurredAt = DateTimeOffset.UnixEpoch, What = "after restart" },
                    TestContext.Current.CancellationToken);
            }
            catch (RedisException)
            {
                // Still reconnecting; the next round tries again.
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Contains(received.All, e => e.What == "after restart");
    }

    [Fact]
    public async Task PublishAsync_RedisGone_ThrowsToTheCallerInsteadOfLosingTheEventSilently()
    {
        using var producer = await BusHost.StartAsync(_redis.ConnectionString, subscribe: false);
        await _redis.StopAsync();

        var bus = producer.Services.GetRequiredService<IEventBus>();
        await Assert.ThrowsAnyAsync<RedisException>(() => bus.PublishAsync(
            new SomethingHappened { SiteId = "home", OccurredAt = DateTimeOffset.UnixEpoch, What = "lost?" },
            TestContext.Current.CancellationToken));
    }

    /// <summary>Pub/sub drops messages nobody listens to yet: wait until the consumer's subscription is in place.</summary>
    private static async Task WaitForSubscriberAsync(IHost producer)
    {
        var redis = producer.Services.GetRequiredService<IConnectionMultiplexer>();
        var channel = RedisChannel.Literal(EventName.ChannelOf(nameof(SomethingHappened)));
        await WaitUntilAsync(async () => (long)(await redis.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", channel.ToString()))[1] > 0);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not become true in time.");
            }

            await Task.Delay(25);
        }
    }
}
