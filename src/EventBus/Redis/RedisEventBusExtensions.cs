using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using StackExchange.Redis;
using TeslaSync.EventBus.Redis;

namespace TeslaSync.EventBus;

public static class RedisEventBusExtensions
{
    /// <summary>
    /// Adds the Redis event bus. Needs an <see cref="IConnectionMultiplexer"/> (from
    /// <c>AddRedisClient</c>); returns a builder for this service's subscriptions.
    /// </summary>
    public static EventBusBuilder AddRedisEventBus(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IEventBus>(services => new RedisEventBus(
            services.GetRequiredService<IConnectionMultiplexer>(),
            CreatePublishPipeline(services.GetRequiredService<ILoggerFactory>().CreateLogger<RedisEventBus>()),
            services.GetRequiredService<ILogger<RedisEventBus>>()));
        builder.Services.AddOptions<EventSubscriptions>();
        builder.Services.AddHostedService<RedisEventSubscriber>();
        return new EventBusBuilder(builder.Services);
    }

    /// <summary>
    /// Retries a publish while Redis is briefly away (a restart takes a second or two), for about
    /// 15 s in all, then lets the failure reach the caller.
    /// </summary>
    private static ResiliencePipeline CreatePublishPipeline(ILogger logger) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<RedisConnectionException>()
                    .Handle<RedisTimeoutException>(),
                MaxRetryAttempts = 6,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(250),
                UseJitter = true,
                OnRetry = arguments =>
                {
                    logger.LogWarning(arguments.Outcome.Exception, "Publishing to Redis failed; retry {Attempt}", arguments.AttemptNumber + 1);
                    return default;
                },
            })
            .Build();
}
