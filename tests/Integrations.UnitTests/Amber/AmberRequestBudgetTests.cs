using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Integrations.Amber;
using TeslaSync.Integrations.UnitTests.Support;

namespace TeslaSync.Integrations.UnitTests.Amber;

/// <summary>The Amber request budget on a fake clock: the limit, the short wait, the 429 back-off, Amber's own count.</summary>
public sealed class AmberRequestBudgetTests
{
    /// <summary>03:01:00 UTC: one minute after a 5-minute boundary, four before the next.</summary>
    private static readonly DateTimeOffset JustAfterBoundary = new(2026, 11, 23, 3, 1, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AcquireAsync_LimitReachedAndSlotFarAway_RefusesWithoutWaiting()
    {
        var (budget, _) = Budget(o => o.RequestsPerWindow = 3);
        for (var i = 0; i < 3; i++)
        {
            await budget.AcquireAsync("/prices", Ct);
        }

        var refused = await Assert.ThrowsAsync<AmberApiException>(() => budget.AcquireAsync("/prices", Ct));

        Assert.Equal(AmberErrorKind.BudgetExhausted, refused.Kind);
        Assert.Equal(TimeSpan.FromSeconds(300), refused.RetryAfter);
        Assert.Equal(3, budget.Snapshot().SentInWindow);
    }

    [Fact]
    public async Task AcquireAsync_SlotOpensWithinMaxWait_WaitsForItThenGoes()
    {
        var (budget, clock) = Budget(o =>
        {
            o.RequestsPerWindow = 2;
            o.WindowSeconds = 20;
        });
        await budget.AcquireAsync("/a", Ct);
        await budget.AcquireAsync("/b", Ct);

        var third = budget.AcquireAsync("/c", Ct);
        await Task.Delay(50, Ct);
        Assert.False(third.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(20));

        await third.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(1, budget.Snapshot().SentInWindow);
    }

    [Fact]
    public async Task AcquireAsync_WaitWouldRunPastTheNextBoundary_Refuses()
    {
        // 5 s before a boundary: the refresh at the boundary asks anyway, so waiting 20 s is pointless.
        var (budget, _) = Budget(o =>
        {
            o.RequestsPerWindow = 1;
            o.WindowSeconds = 20;
        }, new DateTimeOffset(2026, 11, 23, 3, 4, 55, TimeSpan.Zero));
        await budget.AcquireAsync("/a", Ct);

        var refused = await Assert.ThrowsAsync<AmberApiException>(() => budget.AcquireAsync("/b", Ct));

        Assert.Equal(AmberErrorKind.BudgetExhausted, refused.Kind);
    }

    [Fact]
    public async Task Observe_429WithRetryAfter_NothingSentUntilItHasPassed()
    {
        var (budget, clock) = Budget();
        await budget.AcquireAsync("/a", Ct);

        budget.Observe(HttpStatusCode.TooManyRequests, rateLimit: null, retryAfter: TimeSpan.FromSeconds(90));

        Assert.False(budget.CanSendNow());
        var refused = await Assert.ThrowsAsync<AmberApiException>(() => budget.AcquireAsync("/b", Ct));
        Assert.Equal(TimeSpan.FromSeconds(90), refused.RetryAfter);
        clock.Advance(TimeSpan.FromSeconds(90));
        Assert.True(budget.CanSendNow());
        await budget.AcquireAsync("/b", Ct);
    }

    [Fact]
    public void Observe_429WithoutRetryAfter_BacksOffAWholeWindow()
    {
        var (budget, clock) = Budget();

        budget.Observe(HttpStatusCode.TooManyRequests, rateLimit: null, retryAfter: null);

        Assert.Equal(clock.GetUtcNow().AddSeconds(300), budget.Snapshot().BarredUntil);
    }

    [Fact]
    public void Observe_Second429InARow_BacksOffAtLeastAWholeWindow()
    {
        var (budget, clock) = Budget();
        budget.Observe(HttpStatusCode.TooManyRequests, rateLimit: null, retryAfter: TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(10));

        budget.Observe(HttpStatusCode.TooManyRequests, rateLimit: null, retryAfter: TimeSpan.FromSeconds(10));

        Assert.Equal(clock.GetUtcNow().AddSeconds(300), budget.Snapshot().BarredUntil);
    }

    [Fact]
    public void Observe_SuccessBetween429s_StartsTheCountAgain()
    {
        var (budget, clock) = Budget();
        budget.Observe(HttpStatusCode.TooManyRequests, rateLimit: null, retryAfter: TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(10));
        budget.Observe(HttpStatusCode.OK, rateLimit: null, retryAfter: null);

        budget.Observe(HttpStatusCode.TooManyRequests, rateLimit: null, retryAfter: TimeSpan.FromSeconds(10));

        Assert.Equal(clock.GetUtcNow().AddSeconds(10), budget.Snapshot().BarredUntil);
    }

    [Fact]
    public async Task Observe_AmberSaysNoneRemaining_HoldsUntilItsReset()
    {
        // Another tool using the same key has spent Amber's window: our own count (1) cannot know that.
        var (budget, clock) = Budget();
        await budget.AcquireAsync("/a", Ct);

        budget.Observe(HttpStatusCode.OK, new AmberRateLimit(50, 0, TimeSpan.FromSeconds(120), "50;w=300"), retryAfter: null);

        Assert.False(budget.CanSendNow());
        await Assert.ThrowsAsync<AmberApiException>(() => budget.AcquireAsync("/b", Ct));
        clock.Advance(TimeSpan.FromSeconds(120));
        await budget.AcquireAsync("/b", Ct);
    }

    [Fact]
    public async Task Observe_AmberSaysOneRemaining_AllowsExactlyOneMore()
    {
        var (budget, _) = Budget();
        budget.Observe(HttpStatusCode.OK, new AmberRateLimit(50, 1, TimeSpan.FromSeconds(120), "50;w=300"), retryAfter: null);

        await budget.AcquireAsync("/a", Ct);

        await Assert.ThrowsAsync<AmberApiException>(() => budget.AcquireAsync("/b", Ct));
    }

    [Fact]
    public async Task AcquireAsync_ManyCallersOverAnHour_NeverMoreThanTheLimitInAnyWindow()
    {
        var (budget, clock) = Budget(o =>
        {
            o.RequestsPerWindow = 5;
            o.WindowSeconds = 60;
            o.MaxBudgetWaitSeconds = 0; // refuse instead of waiting, so the loop below never blocks
        });
        var random = new Random(42);
        var granted = new List<DateTimeOffset>();
        for (var step = 0; step < 2000; step++)
        {
            try
            {
                await budget.AcquireAsync("/x", Ct);
                granted.Add(clock.GetUtcNow());
            }
            catch (AmberApiException exception) when (exception.Kind == AmberErrorKind.BudgetExhausted)
            {
            }

            clock.Advance(TimeSpan.FromSeconds(random.Next(0, 4)));
        }

        Assert.True(granted.Count > 100);
        Assert.All(granted, start => Assert.True(granted.Count(t => t >= start && t < start.AddSeconds(60)) <= 5));
    }

    [Fact]
    public async Task GetCurrentPrices_After429_NextCallIsNotSent()
    {
        var clock = new FakeTimeProvider(JustAfterBoundary);
        var handler = FakeHttpHandler.Sequence(
            () => FakeHttpHandler.Json(HttpStatusCode.TooManyRequests, """{"message":"Too Many Requests"}""", r => r.Headers.Add("Retry-After", "120")),
            () => FakeHttpHandler.Json(HttpStatusCode.OK, "[]"));
        var client = Client(handler, clock);

        var first = await Assert.ThrowsAsync<AmberApiException>(() => client.GetCurrentPricesAsync("site", cancellationToken: Ct));
        var second = await Assert.ThrowsAsync<AmberApiException>(() => client.GetCurrentPricesAsync("site", cancellationToken: Ct));
        clock.Advance(TimeSpan.FromSeconds(120));
        var third = await client.GetCurrentPricesAsync("site", cancellationToken: Ct);

        Assert.Equal(AmberErrorKind.RateLimited, first.Kind);
        Assert.Equal(AmberErrorKind.BudgetExhausted, second.Kind);
        Assert.Empty(third.Intervals);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task GetCurrentPrices_ServerErrorThenSuccess_RetriedAndEachAttemptCounted()
    {
        var clock = new FakeTimeProvider(JustAfterBoundary);
        var handler = FakeHttpHandler.Sequence(
            () => FakeHttpHandler.Json(HttpStatusCode.InternalServerError, """{"message": "Internal server error"}"""),
            () => FakeHttpHandler.Json(HttpStatusCode.OK, "[]"));
        var services = Services(clock, o => o.RetryBaseDelaySeconds = 0);
        services.AddHttpClient<AmberClient>().ConfigurePrimaryHttpMessageHandler(() => handler);
        var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IAmberClient>().GetCurrentPricesAsync("site", cancellationToken: Ct);

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(2, provider.GetRequiredService<AmberRequestBudget>().Snapshot().SentInWindow);
    }

    [Fact]
    public async Task GetCurrentPrices_429_IsNotRetried()
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.TooManyRequests, """{"message":"Too Many Requests"}""");

        await Assert.ThrowsAsync<AmberApiException>(() =>
            Client(handler, new FakeTimeProvider(JustAfterBoundary)).GetCurrentPricesAsync("site", cancellationToken: Ct));

        Assert.Single(handler.Requests);
    }

    private static (AmberRequestBudget Budget, FakeTimeProvider Clock) Budget(Action<AmberOptions>? configure = null, DateTimeOffset? now = null)
    {
        var clock = new FakeTimeProvider(now ?? JustAfterBoundary);
        var provider = Services(clock, configure ?? (_ => { })).BuildServiceProvider();
        return (provider.GetRequiredService<AmberRequestBudget>(), clock);
    }

    private static IAmberClient Client(FakeHttpHandler handler, TimeProvider clock)
    {
        var services = Services(clock, _ => { });
        services.AddHttpClient<AmberClient>().ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider().GetRequiredService<IAmberClient>();
    }

    private static ServiceCollection Services(TimeProvider clock, Action<AmberOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddAmberClient(o =>
        {
            o.ApiToken = Clients.AmberToken;
            configure(o);
        });
        return services;
    }
}
