using Grpc.Core;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.ServiceTesting;
using TeslaSync.Simulator.Amber;

namespace TeslaSync.PriceIngest.FunctionalTests;

/// <summary>PriceIngest against Amber's rate limit: back-off after 429, and a request budget the service never exceeds.</summary>
public sealed class PriceRateLimitTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Boundary = new(2026, 11, 23, 14, 10, 0, TimeSpan.FromHours(10));
    private const string PricesPath = "/sites/*/prices/current";

    private PriceIngestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await PriceIngestHost.StartSimulatorAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Refresh_Amber429WithRetryAfter_SendsNothingUntilItPassesThenPublishes()
    {
        await _host.Simulator.InjectAmberFaultsAsync(AmberFault.RateLimit(retryAfterSeconds: 120, path: PricesPath));
        var client = _host.StartPriceIngest();
        await WaitForPriceRequestsAsync(1); // the start-up poll, answered 429

        // Within the back-off a "refresh now" is refused here, without a request reaching Amber.
        _host.AdvanceTo(PriceIngestHost.Start.AddSeconds(60));
        var refused = await Assert.ThrowsAsync<RpcException>(() => client.RefreshPricesAsync(new RefreshPricesRequest(), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("not sent", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Single(await PriceRequestsAsync());

        // After Retry-After (14:09), the next boundary's poll goes through and publishes.
        _host.AdvanceTo(Boundary.AddSeconds(-1));
        await _host.AdvanceUntilAsync(() => Task.FromResult(_host.Published.Count >= 1), TimeSpan.FromMilliseconds(500),
            Boundary.AddSeconds(10), "the first PricesUpdated after the back-off");

        Assert.Equal([429, 200], (await PriceRequestsAsync()).Select(r => r.Status));
        Assert.Single(_host.Published);
    }

    [Fact]
    public async Task RefreshPrices_ManyCallsInOneWindow_NoMoreThanTheBudgetReachAmber()
    {
        const int limit = 6;
        var client = _host.StartPriceIngest(("Amber:RequestsPerWindow", $"{limit}"), ("Amber:WindowSeconds", "300"));
        await _host.EventAsync(1); // start-up calls (sites, prices; AEMO's region lookup) share the budget

        var outcomes = new List<string>();
        for (var i = 0; i < 2 * limit; i++)
        {
            try
            {
                var refreshed = await client.RefreshPricesAsync(new RefreshPricesRequest(), cancellationToken: Ct);
                outcomes.Add(refreshed.Published ? "published" : "unchanged");
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.Unavailable)
            {
                Assert.Contains("not sent", exception.Status.Detail, StringComparison.Ordinal);
                outcomes.Add("refused");
            }
        }

        // Every caller in the process together: exactly the budget reached Amber in this window, and once the
        // budget refused, it kept refusing (the clock has not moved).
        Assert.Equal(limit, (await _host.Simulator.AmberRequestsAsync(Ct)).Count);
        Assert.Contains("unchanged", outcomes);
        Assert.Equal("refused", outcomes[^1]);
        Assert.DoesNotContain("unchanged", outcomes.SkipWhile(o => o != "refused"));

        // Once the first requests leave the 300 s window, slots open again.
        _host.AdvanceTo(PriceIngestHost.Start.AddSeconds(301));
        var later = await client.RefreshPricesAsync(new RefreshPricesRequest(), cancellationToken: Ct);
        Assert.NotNull(later);
    }

    [Fact]
    public async Task Refresh_AmberFailsWith500_RetriedAndPublished()
    {
        await _host.Simulator.InjectAmberFaultsAsync(AmberFault.ServerError(path: PricesPath));
        _host.StartPriceIngest(("Amber:RetryBaseDelaySeconds", "0"));

        var published = await _host.EventAsync(1);

        Assert.Equal([500, 200], (await PriceRequestsAsync()).Select(r => r.Status));
        Assert.NotEmpty(published.Event.Intervals);
    }

    private async Task<IReadOnlyList<AmberServedRequest>> PriceRequestsAsync() =>
        [.. (await _host.Simulator.AmberRequestsAsync(Ct)).Where(r => r.Path.EndsWith("/prices/current", StringComparison.Ordinal))];

    private Task WaitForPriceRequestsAsync(int count) => Eventually.GetAsync(
        async () => (await PriceRequestsAsync()).Count >= count ? (object?)true : null, PriceIngestHost.Patience, $"{count} price requests");
}
