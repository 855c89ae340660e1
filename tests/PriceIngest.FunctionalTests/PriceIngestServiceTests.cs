using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Contracts.Events;
using TeslaSync.Contracts.Mapping;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;
using PriceChannel = TeslaSync.Domain.Prices.PriceChannel;

namespace TeslaSync.PriceIngest.FunctionalTests;

public sealed class PriceIngestServiceTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A Monday afternoon, mid-interval, in the replayed week.</summary>
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 14, 7, 0, TimeSpan.FromHours(10)));
    private RedisServer _redis = null!;
    private EventRecorder<PricesUpdated> _recorder = null!;
    private SimulatorServer _simulator = null!;
    private ServiceFactory<ServiceAssembly>? _priceIngest;

    private IReadOnlyList<PricesUpdated> Published => _recorder.Events;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _recorder = await EventRecorder<PricesUpdated>.StartAsync(_redis.ConnectionString);
        _simulator = await SimulatorServer.StartAsync(_time);
    }

    public async ValueTask DisposeAsync()
    {
        if (_priceIngest is not null)
        {
            await _priceIngest.DisposeAsync();
        }

        await _simulator.DisposeAsync();
        await _recorder.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Start_AmberServesPrices_PublishesThemOnceAndServesThemOverGrpc()
    {
        var client = StartPriceIngest();

        var published = await Eventually.GetAsync(() => Task.FromResult(Published.FirstOrDefault()), Patience, "a PricesUpdated event");

        // The event carries what Amber served, converted to $/kWh.
        var served = (await _simulator.AmberResponsesAsync(TestContext.Current.CancellationToken))
            .Single(r => r.Path.EndsWith("/prices/current", StringComparison.Ordinal));
        Assert.Equal(served.Body!.Count, published.Intervals.Count);
        var firstGeneral = served.Body.First(i => (string)i!["channelType"]! == "general")!;
        var ours = published.Intervals.First(i => i.Channel == PriceChannel.General);
        Assert.Equal((decimal)firstGeneral["perKwh"]! / 100m, ours.PerKwh);
        Assert.Equal(DateTimeOffset.Parse((string)firstGeneral["nemTime"]!, System.Globalization.CultureInfo.InvariantCulture).AddMinutes(-30), ours.Start);
        Assert.Equal(49, published.Intervals.Count(i => i.Channel == PriceChannel.General));
        Assert.Equal(49, published.Intervals.Count(i => i.Channel == PriceChannel.FeedIn));

        // The set is stored just after it is published (a set that failed to publish is published again), so wait for it.
        var current = await Eventually.GetAsync(async () =>
        {
            try
            {
                return await client.GetCurrentPricesAsync(new GetCurrentPricesRequest(), cancellationToken: TestContext.Current.CancellationToken);
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
            {
                return null;
            }
        }, Patience, "the published prices stored");
        Assert.Equal(published.Intervals, current.Intervals.Select(i => i.ToDomain()));
    }

    [Fact]
    public async Task RefreshPrices_SameContentInTheSamePeriod_DoesNotPublishAgain()
    {
        var client = StartPriceIngest();
        await Eventually.GetAsync(() => Task.FromResult(Published.FirstOrDefault()), Patience, "the first PricesUpdated event");

        var refreshed = await client.RefreshPricesAsync(new RefreshPricesRequest(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(refreshed.Published);
        Assert.Contains("not changed", refreshed.Detail, StringComparison.Ordinal);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Single(Published);
    }

    [Fact]
    public async Task NextBoundary_NewPrices_PublishesANewEvent()
    {
        StartPriceIngest();
        var first = await Eventually.GetAsync(() => Task.FromResult(Published.FirstOrDefault()), Patience, "the first PricesUpdated event");

        // Move the clock on a minute at a time (the poller may not have armed its timer yet when
        // the first event arrives) until the poller passes the next boundary and asks again.
        var second = await Eventually.GetAsync(() =>
        {
            if (Published.Skip(1).FirstOrDefault() is { } next)
            {
                return Task.FromResult<PricesUpdated?>(next);
            }

            if (_time.GetUtcNow() < new DateTimeOffset(2026, 11, 23, 14, 20, 0, TimeSpan.FromHours(10)))
            {
                _time.Advance(TimeSpan.FromMinutes(1));
            }

            return Task.FromResult<PricesUpdated?>(null);
        }, Patience, "a second PricesUpdated event");
        Assert.NotEqual(first.ContentHash, second.ContentHash);
    }

    [Fact]
    public async Task GetCurrentPrices_WrongAmberToken_ReportsNotFoundAndRefreshSaysAmberRefused()
    {
        var client = StartPriceIngest(("Amber:ApiToken", "wrong-token"));

        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetCurrentPricesAsync(new GetCurrentPricesRequest(), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            client.RefreshPricesAsync(new RefreshPricesRequest(), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("Amber", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(Published);
    }

    private Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient StartPriceIngest(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string>(_simulator.ServiceSettings)
        {
            ["ConnectionStrings:redis"] = _redis.ConnectionString,
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        _priceIngest = new ServiceFactory<ServiceAssembly>(settings, services => services.AddSingleton<TimeProvider>(_time));
        return new Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient(_priceIngest.CreateGrpcChannel());
    }
}
