using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Timeout;
using TeslaSync.Integrations.Tesla;
using TeslaSync.Integrations.Tesla.Http;
using TeslaSync.Integrations.UnitTests.Support;

namespace TeslaSync.Integrations.UnitTests.Tesla;

/// <summary>The Tesla HttpClient pipeline on a fake clock: what is retried, how long it waits, and what never is.</summary>
public sealed class TeslaResilienceTests
{
    private const long SiteId = 123456;
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ITeslaEnergyClient Client(FakeHttpHandler handler, TestClock clock) =>
        Clients.TeslaServices(handler, o => o.AccessToken = Clients.TeslaToken, clock).GetRequiredService<ITeslaEnergyClient>();

    private static Func<HttpResponseMessage> Status(int status, string? retryAfter = null) => () =>
        FakeHttpHandler.Json((HttpStatusCode)status, """{"response":null,"error":"e","error_description":""}""",
            r => { if (retryAfter is not null) { r.Headers.Add("Retry-After", retryAfter); } });

    private static Func<HttpResponseMessage> Fixture(string file) => () =>
        FakeHttpHandler.Json(HttpStatusCode.OK, SharedFolder.ReadFixture("tesla", file));

    [Fact]
    public async Task Get_429WithRetryAfterThen200_WaitsExactlyRetryAfterThenSucceedsOnce()
    {
        var clock = new TestClock();
        var handler = FakeHttpHandler.Sequence(Status(429, "7"), Fixture("live_status.json"));
        var call = Client(handler, clock).GetLiveStatusAsync(SiteId, Ct);

        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(7));
        clock.Advance(TimeSpan.FromSeconds(7) - TimeSpan.FromTicks(1));
        await Task.Delay(50, Ct);
        Assert.Single(handler.Requests); // not a tick early
        clock.Advance(TimeSpan.FromTicks(1));
        var status = await call.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(1185, status.SolarPowerW);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Get_429WithRetryAfterBeyondCap_FailsAtOnceAsRateLimitedWithRetryAfter()
    {
        var clock = new TestClock();
        var handler = FakeHttpHandler.Sequence(Status(429, "300"), Fixture("live_status.json"));

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => Client(handler, clock).GetLiveStatusAsync(SiteId, Ct));

        Assert.Equal(TeslaErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), error.RetryAfter);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Get_429WithoutRetryAfter_IsNotRetried()
    {
        var handler = FakeHttpHandler.Sequence(Status(429), Fixture("live_status.json"));

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => Client(handler, new TestClock()).GetLiveStatusAsync(SiteId, Ct));

        Assert.Equal(TeslaErrorKind.RateLimited, error.Kind);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Get_500Then200_RetriesWithBackoffAndSucceeds()
    {
        var clock = new TestClock();
        var handler = FakeHttpHandler.Sequence(Status(500), Fixture("site_info.json"));

        var info = await clock.RunAsync(Client(handler, clock).GetSiteInfoAsync(SiteId, Ct));

        Assert.Equal("Site", info.SiteName);
        Assert.Equal(2, handler.Requests.Count);
        Assert.True(clock.GetUtcNow() > TestClock.Epoch, "the retry waited on the injected clock");
    }

    [Fact]
    public async Task Get_Always503_GivesUpAfterMaxRetriesAsServerError()
    {
        var clock = new TestClock();
        var handler = FakeHttpHandler.Sequence(Status(503));

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => clock.RunAsync(Client(handler, clock).GetSiteInfoAsync(SiteId, Ct), TimeSpan.FromSeconds(2)));

        Assert.Equal(TeslaErrorKind.ServerError, error.Kind);
        Assert.Equal(1 + new TeslaResilienceOptions().MaxRetryAttempts, handler.Requests.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task Get_Other4xx_IsNeverRetried(int status)
    {
        var handler = FakeHttpHandler.Sequence(Status(status), Fixture("site_info.json"));

        await Assert.ThrowsAsync<TeslaApiException>(() => Client(handler, new TestClock()).GetSiteInfoAsync(SiteId, Ct));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Post_500_IsNotRetried_TeslaMayHaveAppliedIt()
    {
        var handler = FakeHttpHandler.Sequence(Status(500), Fixture("energy_command_ok_transcribed.json"));

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => Client(handler, new TestClock()).SetBackupReserveAsync(SiteId, 20, Ct));

        Assert.Equal(TeslaErrorKind.ServerError, error.Kind);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(408)]
    public async Task Post_NotProcessedStatus_IsRetried(int status)
    {
        var clock = new TestClock();
        var handler = FakeHttpHandler.Sequence(Status(status), Fixture("energy_command_ok_transcribed.json"));

        var result = await clock.RunAsync(Client(handler, clock).SetBackupReserveAsync(SiteId, 20, Ct));

        Assert.Equal(201, result.Code);
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("""{"backup_reserve_percent":20}""", r.Body));
    }

    [Fact]
    public async Task Post_429WithRetryAfter_IsRetriedAfterTheWait()
    {
        var clock = new TestClock();
        var handler = FakeHttpHandler.Sequence(Status(429, "2"), Fixture("energy_command_ok_transcribed.json"));
        var call = Client(handler, clock).SetStormModeAsync(SiteId, true, Ct);

        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(201, (await call.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Code);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task StandardResilienceFromServiceDefaults_IsReplaced_SoACommandIsSentOnce()
    {
        var handler = FakeHttpHandler.Sequence(Status(500), Fixture("energy_command_ok_transcribed.json"));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new TestClock());
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler()); // as ServiceDefaults does
        services.AddTeslaClient(o => o.AccessToken = Clients.TeslaToken).ConfigurePrimaryHttpMessageHandler(() => handler);
        var client = services.BuildServiceProvider().GetRequiredService<ITeslaEnergyClient>();

        await Assert.ThrowsAsync<TeslaApiException>(() => client.SetOperationModeAsync(SiteId, OperationMode.Autonomous, Ct));

        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("GET", 500, true)]
    [InlineData("GET", 502, true)]
    [InlineData("GET", 504, true)]
    [InlineData("GET", 540, true)]
    [InlineData("GET", 503, true)]
    [InlineData("GET", 408, true)]
    [InlineData("POST", 503, true)]
    [InlineData("POST", 408, true)]
    [InlineData("POST", 500, false)]
    [InlineData("POST", 502, false)]
    [InlineData("POST", 504, false)]
    [InlineData("GET", 400, false)]
    [InlineData("GET", 401, false)]
    [InlineData("GET", 421, false)]
    [InlineData("POST", 422, false)]
    [InlineData("GET", 200, false)]
    public void ShouldRetry_ByMethodAndStatus(string method, int status, bool expected)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);

        Assert.Equal(expected, TeslaResiliencePipeline.ShouldRetry(new HttpMethod(method), Outcome.FromResult(response), Cap, TimeProvider.System));
    }

    [Theory]
    [InlineData("GET", HttpRequestError.ConnectionError, true)]
    [InlineData("GET", HttpRequestError.ResponseEnded, true)]
    [InlineData("POST", HttpRequestError.ConnectionError, true)]
    [InlineData("POST", HttpRequestError.NameResolutionError, true)]
    [InlineData("POST", HttpRequestError.ResponseEnded, false)]
    [InlineData("POST", HttpRequestError.Unknown, false)]
    public void ShouldRetry_TransportFailure_PostOnlyWhenNothingWasSent(string method, HttpRequestError error, bool expected)
    {
        var outcome = Outcome.FromException<HttpResponseMessage>(new HttpRequestException(error, "failed"));

        Assert.Equal(expected, TeslaResiliencePipeline.ShouldRetry(new HttpMethod(method), outcome, Cap, TimeProvider.System));
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("POST", false)]
    public void ShouldRetry_AttemptTimeout_OnlyForReads(string method, bool expected)
    {
        var outcome = Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException());

        Assert.Equal(expected, TeslaResiliencePipeline.ShouldRetry(new HttpMethod(method), outcome, Cap, TimeProvider.System));
    }

    [Fact]
    public void RetryAfter_HttpDate_IsMeasuredOnTheInjectedClock()
    {
        var clock = new TestClock();
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TestClock.Epoch.AddSeconds(12));

        Assert.Equal(TimeSpan.FromSeconds(12), TeslaResiliencePipeline.RetryAfter(response, clock));
    }
}
