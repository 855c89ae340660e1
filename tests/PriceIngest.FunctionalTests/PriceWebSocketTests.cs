using System.Globalization;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.Domain.Prices;
using IntervalKind = TeslaSync.Domain.Prices.IntervalKind;
using PriceChannel = TeslaSync.Domain.Prices.PriceChannel;
using TeslaSync.ServiceTesting;

namespace TeslaSync.PriceIngest.FunctionalTests;

/// <summary>
/// The per-interval WebSocket visit against the simulated Amber socket on loopback: push joined with the REST forecast,
/// silent socket → REST after the timeout, 403 → REST and no more socket attempts.
/// </summary>
public sealed class PriceWebSocketTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Boundary = new(2026, 11, 23, 14, 10, 0, TimeSpan.FromHours(10));
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(200);

    private PriceIngestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await PriceIngestHost.StartSimulatorAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Boundary_SocketPushes_PublishesPushedCurrentWithFreshForecastSoonAfterThePush()
    {
        await _host.Simulator.SetAmberWebSocketAsync(pushDelaySeconds: 5, cancellationToken: Ct);
        StartWithSocket();
        await _host.EventAsync(1); // the start-up REST poll

        await ReachBoundaryAndSubscribeAsync();
        _host.AdvanceTo(Boundary.AddSeconds(5)); // the push
        var pushed = await _host.EventAsync(2);

        var socket = await _host.Simulator.AmberWebSocketStateAsync(Ct);
        var latency = pushed.ArrivedAt - socket.LastPushWallClock!.Value;
        TestContext.Current.SendDiagnosticMessage($"push → PricesUpdated: {latency.TotalMilliseconds:0} ms");
        Assert.Equal(1, socket.PushesSent);
        Assert.True(latency < TimeSpan.FromSeconds(2), $"published {latency.TotalMilliseconds:0} ms after the push");

        // One REST call this interval: the forecast, fetched after the push (no poll at boundary + 3 s).
        var thisInterval = (await _host.Simulator.AmberRequestsAsync(Ct)).Where(r => r.ServedAt >= Boundary).ToList();
        var forecastCall = Assert.Single(thisInterval);
        Assert.Equal(Boundary.AddSeconds(5), forecastCall.ServedAt);
        Assert.Contains("next=48", forecastCall.Query, StringComparison.Ordinal);

        // Current + 24 h per channel, the current interval being the one that starts at the boundary's half hour.
        var intervals = pushed.Event.Intervals;
        Assert.Equal(49, intervals.Count(i => i.Channel == PriceChannel.General));
        Assert.Equal(49, intervals.Count(i => i.Channel == PriceChannel.FeedIn));
        var current = Assert.Single(intervals, i => i.Channel == PriceChannel.General && i.Kind == IntervalKind.Current);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.FromHours(10)), current.Start);
        Assert.Equal(Boundary.AddSeconds(5), pushed.Event.ReceivedAt);

        // The socket is closed again: Amber asked clients not to hold it open.
        await Eventually.GetAsync(async () => (await _host.Simulator.AmberWebSocketStateAsync(Ct)).OpenConnections == 0 ? (object?)true : null,
            PriceIngestHost.Patience, "the socket to close");
    }

    [Fact]
    public async Task Boundary_SocketAcksButStaysSilent_FallsBackToRestAfterTheTimeout()
    {
        await _host.Simulator.SetAmberWebSocketAsync(silent: true, cancellationToken: Ct);
        StartWithSocket();
        await _host.EventAsync(1);

        await ReachBoundaryAndSubscribeAsync();
        var subscribedAt = _host.Time.GetUtcNow();
        _host.AdvanceTo(subscribedAt.AddSeconds(59));
        await Task.Delay(300, Ct);
        Assert.Single(_host.Published); // still waiting for the push
        _host.AdvanceTo(subscribedAt.AddSeconds(61));
        var fallback = await _host.EventAsync(2);

        Assert.True(fallback.Event.ReceivedAt >= Boundary.AddSeconds(60));
        Assert.Equal(49, fallback.Event.Intervals.Count(i => i.Channel == PriceChannel.General));
        Assert.Equal(0, (await _host.Simulator.AmberWebSocketStateAsync(Ct)).PushesSent);
        Assert.Contains(await _host.Simulator.AmberRequestsAsync(Ct), r => r.ServedAt >= Boundary.AddSeconds(60) && r.Path.EndsWith("/prices/current", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Boundary_SocketForbidden_PollsRestAndDoesNotTryTheSocketAtTheNextBoundary()
    {
        await _host.Simulator.SetAmberWebSocketAsync(forbidden: true, cancellationToken: Ct);
        StartWithSocket();
        await _host.EventAsync(1);

        _host.AdvanceTo(Boundary.AddSeconds(-1));
        await _host.AdvanceUntilAsync(async () => (await _host.Simulator.AmberWebSocketStateAsync(Ct)).HandshakesRefused >= 1,
            Step, Boundary.AddSeconds(2), "the 403 handshake");
        await _host.AdvanceUntilAsync(() => Task.FromResult(_host.Published.Count >= 2), Step, Boundary.AddSeconds(10), "the REST fallback");

        // The next boundary: REST only.
        var next = Boundary.AddMinutes(5);
        _host.AdvanceTo(next.AddSeconds(-1));
        await _host.AdvanceUntilAsync(() => Task.FromResult(_host.Published.Count >= 3), Step, next.AddSeconds(10), "the next REST poll");

        var socket = await _host.Simulator.AmberWebSocketStateAsync(Ct);
        Assert.Equal(1, socket.HandshakeAttempts);
        Assert.True(_host.Published[2].Event.ReceivedAt >= next.AddSeconds(3));
    }

    [Fact]
    public async Task RefreshPrices_SameIntervalAfterAPush_DoesNotPublishTheSameContentAgain()
    {
        await _host.Simulator.SetAmberWebSocketAsync(pushDelaySeconds: 5, cancellationToken: Ct);
        var client = StartWithSocket();
        await _host.EventAsync(1);
        await ReachBoundaryAndSubscribeAsync();
        _host.AdvanceTo(Boundary.AddSeconds(5));
        var pushed = await _host.EventAsync(2);

        // A REST poll at the same instant serves the same prices: the joined push and the poll must hash alike.
        var refreshed = await client.RefreshPricesAsync(new RefreshPricesRequest(), cancellationToken: Ct);

        Assert.False(refreshed.Published);
        await Task.Delay(300, Ct);
        Assert.Equal(2, _host.Published.Count);
        Assert.Equal(2, _host.Published.Select(e => e.Event.ContentHash).Distinct().Count());
        Assert.NotNull(pushed);
    }

    private Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient StartWithSocket() =>
        _host.StartPriceIngest(("Amber:WebSocketUrl", _host.Simulator.AmberWebSocketUrl()));

    /// <summary>Brings the clock to the boundary and waits until PriceIngest has subscribed (the simulator arms the push then).</summary>
    private async Task ReachBoundaryAndSubscribeAsync()
    {
        _host.AdvanceTo(Boundary.AddSeconds(-1));
        await _host.AdvanceUntilAsync(async () => (await _host.Simulator.AmberWebSocketStateAsync(Ct)).Subscriptions >= 1,
            Step, Boundary.AddSeconds(2), "PriceIngest to subscribe at the boundary");
        Assert.True(_host.Time.GetUtcNow() < Boundary.AddSeconds(3), _host.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
    }
}
