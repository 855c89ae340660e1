using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TeslaSync.EventBus;

namespace TeslaSync.EventBus.IntegrationTests;

public sealed record SomethingHappened : IntegrationEvent
{
    public required string What { get; init; }
}

/// <summary>Collects what a test host's handler received, and lets a test wait for it.</summary>
public sealed class ReceivedEvents
{
    private readonly ConcurrentQueue<SomethingHappened> _events = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public IReadOnlyCollection<SomethingHappened> All => _events;

    public Func<SomethingHappened, Task>? OnReceive { get; set; }

    public void Add(SomethingHappened integrationEvent)
    {
        _events.Enqueue(integrationEvent);
        _arrived.Release();
    }

    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (_events.Count < count)
        {
            await _arrived.WaitAsync(cancellation.Token);
        }
    }
}

internal sealed class RecordingHandler(ReceivedEvents received) : IIntegrationEventHandler<SomethingHappened>
{
    public async Task HandleAsync(SomethingHappened integrationEvent, CancellationToken cancellationToken)
    {
        if (received.OnReceive is { } onReceive)
        {
            await onReceive(integrationEvent);
        }

        received.Add(integrationEvent);
    }
}

/// <summary>A minimal service host with the Redis event bus, as a TeslaSync service wires it.</summary>
internal static class BusHost
{
    public static async Task<IHost> StartAsync(string redisConnectionString, bool subscribe, ReceivedEvents? received = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redisConnectionString + ",connectTimeout=2000,syncTimeout=2000",
        });
        builder.AddRedisClient("redis");
        var bus = builder.AddRedisEventBus();
        if (subscribe)
        {
            builder.Services.AddSingleton(received ?? new ReceivedEvents());
            bus.AddSubscription<SomethingHappened, RecordingHandler>();
        }

        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
