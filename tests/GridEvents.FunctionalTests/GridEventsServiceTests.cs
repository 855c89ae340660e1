using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Contracts.GridEvents.V1;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;

namespace TeslaSync.GridEvents.FunctionalTests;

public sealed class GridEventsServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Started = new(2026, 1, 18, 9, 0, 0, TimeSpan.Zero);
    private RedisServer _redis = null!;
    private ServiceFactory<ServiceAssembly> _gridEvents = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _gridEvents = new ServiceFactory<ServiceAssembly>(
            new Dictionary<string, string> { ["ConnectionStrings:redis"] = _redis.ConnectionString },
            services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(Started)));
    }

    public async ValueTask DisposeAsync()
    {
        await _gridEvents.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task GetStatus_ThisSite_IsNormalAndNotCurtailedSinceStart()
    {
        var client = new Contracts.GridEvents.V1.GridEvents.GridEventsClient(_gridEvents.CreateGrpcChannel());

        var status = await client.GetStatusAsync(new GetStatusRequest { SiteId = "home" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("home", status.SiteId);
        Assert.Equal(SpikeState.Normal, status.SpikeState);
        Assert.False(status.Curtailed);
        Assert.Equal(Started, status.Since.ToDateTimeOffset());
    }

    [Fact]
    public async Task GetStatus_ManyAtOnceOnANewSite_AllAnswerWithTheSameStart()
    {
        var client = new Contracts.GridEvents.V1.GridEvents.GridEventsClient(_gridEvents.CreateGrpcChannel());

        // Each first read of a machine saves its initial state; concurrent first reads must not collide.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            client.GetStatusAsync(new GetStatusRequest(), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync));

        Assert.All(statuses, s => Assert.Equal((Started, Started, Started),
            (s.Since.ToDateTimeOffset(), s.CurtailedSince.ToDateTimeOffset(), s.DemandWindowSince.ToDateTimeOffset())));
    }

    [Fact]
    public async Task GetStatus_UnknownSite_ReturnsNotFound()
    {
        var client = new Contracts.GridEvents.V1.GridEvents.GridEventsClient(_gridEvents.CreateGrpcChannel());

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetStatusAsync(new GetStatusRequest { SiteId = "elsewhere" }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }
}
