using System.Net;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using TeslaSync.Contracts.Events;
using TeslaSync.EventBus;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;

namespace TeslaSync.Gateway.FunctionalTests;

/// <summary><c>/api/events</c>: bus events reach the browser as server-sent events.</summary>
public sealed class EventStreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SpikeStartedOnTheBus_ReachesAConnectedClientAsAnSseFrame()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = GatewayHost.WithFakes(settings: new Dictionary<string, string> { ["ConnectionStrings:redis"] = redis.ConnectionString });
        using var http = await gateway.CreateSignedInClientAsync();
        await using var bus = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await BusSubscribers.WaitAsync(bus, EventName.Of<SpikeStarted>());

        using var response = await http.GetAsync(new Uri("/api/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        // The opening comment means this client is in the hub: what is published now reaches it.
        await ReadUntilAsync(reader, line => line == ": connected");

        var otherSite = Spike("elsewhere", 999m);
        var spike = Spike("home", 5400.5m);
        await PublishAsync(bus, otherSite);
        await PublishAsync(bus, spike);

        var eventLine = await ReadUntilAsync(reader, line => line.StartsWith("event: ", StringComparison.Ordinal));
        var dataLine = await reader.ReadLineAsync(Ct);
        Assert.Equal("event: spike-started", eventLine);
        Assert.StartsWith("data: ", dataLine, StringComparison.Ordinal);
        var data = JsonNode.Parse(dataLine!["data: ".Length..])!;
        Assert.Equal(spike.Id, (Guid)data["id"]!);
        Assert.Equal("home", (string?)data["siteId"]);
        Assert.Equal(5400.5m, (decimal)data["pricePerMwh"]!);
        Assert.Equal(string.Empty, await reader.ReadLineAsync(Ct));
    }

    [Fact]
    public async Task RedisDownAtStart_TheGatewayStillServesStatusAndTheStream()
    {
        var settings = new Dictionary<string, string> { ["ConnectionStrings:redis"] = $"127.0.0.1:{FreePort.Next()},connectTimeout=500" };
        await using var gateway = GatewayHost.WithFakes(settings: settings);
        using var http = await gateway.CreateSignedInClientAsync();

        using var status = await http.GetAsync(new Uri("/api/status", UriKind.Relative), Ct);
        using var stream = await http.GetAsync(new Uri("/api/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.True(status.StatusCode == HttpStatusCode.OK, await status.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(Ct));
        await ReadUntilAsync(reader, line => line == ": connected");
    }

    [Fact]
    public void Frame_PutsEveryJsonLineInADataField()
    {
        var frame = Api.Events.EventStreamApi.Frame(new Api.Events.LiveEvent("tariff-synced", "{\n\"status\":\"failed\"\n}"));

        Assert.Equal("event: tariff-synced\ndata: {\ndata: \"status\":\"failed\"\ndata: }\n\n", frame);
    }

    private static SpikeStarted Spike(string siteId, decimal price) => new()
    {
        SiteId = siteId,
        OccurredAt = DateTimeOffset.UtcNow,
        PricePerMwh = price,
        ThresholdPerMwh = 300m,
        IntervalEnd = DateTimeOffset.UtcNow,
        Until = DateTimeOffset.UtcNow.AddMinutes(30),
        Applied = true,
        TestMode = false,
    };

    private static async Task PublishAsync(IConnectionMultiplexer bus, SpikeStarted spike)
    {
        var name = EventName.Of<SpikeStarted>();
        var envelope = new EventEnvelope(spike.Id, name, spike.SiteId, null, null, EventSerializer.ToPayload(spike));
        await bus.GetSubscriber().PublishAsync(RedisChannel.Literal(EventName.ChannelOf(name)), EventSerializer.Serialize(envelope));
    }

    private static async Task<string> ReadUntilAsync(StreamReader reader, Func<string, bool> predicate)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Patience);
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (predicate(line))
            {
                return line;
            }
        }

        throw new InvalidOperationException("The event stream ended.");
    }
}
