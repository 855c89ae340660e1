using StackExchange.Redis;
using TeslaSync.EventBus;

namespace TeslaSync.ServiceTesting;

/// <summary>
/// Redis pub/sub drops a message nobody listens to yet, so a test that publishes as another
/// service would first waits for the consuming service's subscription to be in place.
/// </summary>
public static class BusSubscribers
{
    public static Task WaitAsync(IConnectionMultiplexer redis, string eventName, int subscribers = 1) =>
        Eventually.GetAsync<object>(async () =>
        {
            var result = await redis.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", EventName.ChannelOf(eventName));
            return (long)result[1] >= subscribers ? new object() : null;
        }, TimeSpan.FromSeconds(30), $"the subscription to {eventName}");
}
