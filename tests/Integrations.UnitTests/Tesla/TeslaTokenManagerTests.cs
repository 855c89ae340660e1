using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Integrations.Tesla;
using TeslaSync.Integrations.Tesla.Auth;
using TeslaSync.Integrations.UnitTests.Support;

namespace TeslaSync.Integrations.UnitTests.Tesla;

/// <summary>Fleet OAuth tokens on a fake clock: refresh timing, one refresh at a time, persist before use, 401 handling, sign-in.</summary>
public sealed class TeslaTokenManagerTests
{
    private const long SiteId = 123456;
    private const string RedirectUri = "https://teslasync.local/tesla/callback";
    private const string TokenUrl = "https://auth.test/oauth2/v3/token";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TeslaTokenSet Stored(TimeSpan expiresIn, string access = "at-0", string refresh = "rt-0") =>
        new(access, refresh, TestClock.Epoch + expiresIn);

    private sealed record Rig(ServiceProvider Services, TestClock Clock, FakeTeslaAuth Auth, InMemoryTokenStore Store, FakeHttpHandler Api)
    {
        public TeslaTokenManager Manager => Services.GetRequiredService<TeslaTokenManager>();

        public ITeslaEnergyClient Client => Services.GetRequiredService<ITeslaEnergyClient>();
    }

    private static Rig Build(TeslaTokenSet? stored, FakeHttpHandler? api = null, FakeTeslaAuth? auth = null)
    {
        var clock = new TestClock();
        auth ??= new FakeTeslaAuth();
        var store = new InMemoryTokenStore(stored);
        api ??= FakeHttpHandler.ReturningFixture("tesla", "site_info.json");
        var services = Clients.TeslaServices(api, o =>
        {
            o.OAuth.ClientId = "client-id";
            o.OAuth.ClientSecret = "client-secret";
            o.OAuth.RedirectUri = RedirectUri;
            o.OAuth.TokenUrl = TokenUrl;
            o.Resilience.MaxRetryAttempts = 0;
        }, clock, auth.Handler, store);
        return new Rig(services, clock, auth, store, api);
    }

    [Fact]
    public async Task GetAccessToken_FarFromExpiry_ReturnsStoredTokenWithoutTokenRequest()
    {
        var rig = Build(Stored(TimeSpan.FromHours(8)));

        Assert.Equal("at-0", await rig.Manager.GetAccessTokenAsync(Ct));
        Assert.Equal(0, rig.Auth.TokenRequests);
    }

    [Fact]
    public async Task GetAccessToken_WithinRefreshWindow_RefreshesWithRotatingGrant()
    {
        var rig = Build(Stored(TimeSpan.FromHours(1)));
        Assert.Equal("at-0", await rig.Manager.GetAccessTokenAsync(Ct));

        rig.Clock.Advance(TimeSpan.FromMinutes(56)); // 4 minutes left: inside the 5-minute window
        var token = await rig.Manager.GetAccessTokenAsync(Ct);

        Assert.Equal("at-1", token);
        var form = rig.Auth.Form(0);
        Assert.Equal(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = "client-id", ["refresh_token"] = "rt-0" }, form);
        Assert.Equal(TokenUrl, rig.Auth.Handler.SingleRequest.Uri.AbsoluteUri);
        Assert.Equal(rig.Clock.GetUtcNow().AddHours(8), rig.Store.Tokens!.ExpiresAt);
    }

    [Fact]
    public async Task GetAccessToken_Refreshing_PersistsNewRefreshTokenBeforeHandingOutAccessToken()
    {
        var rig = Build(Stored(TimeSpan.FromMinutes(1)));
        rig.Store.HoldSaves = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = rig.Manager.GetAccessTokenAsync(Ct);
        await Eventually(() => rig.Auth.TokenRequests == 1);
        await Task.Delay(50, Ct);
        Assert.False(call.IsCompleted, "the access token was handed out before the new refresh token was saved");

        rig.Store.HoldSaves.SetResult();
        Assert.Equal("at-1", await call);
        Assert.Equal("rt-1", Assert.Single(rig.Store.Saves).RefreshToken);
    }

    [Fact]
    public async Task GetAccessToken_TwoConcurrentCallersNeedingRefresh_OneTokenRequestBothGetNewToken()
    {
        var rig = Build(Stored(TimeSpan.FromMinutes(1)));
        rig.Auth.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = rig.Manager.GetAccessTokenAsync(Ct);
        var second = rig.Manager.GetAccessTokenAsync(Ct);
        await Eventually(() => rig.Auth.TokenRequests == 1);
        await Task.Delay(50, Ct);
        rig.Auth.Hold.SetResult();

        Assert.Equal(["at-1", "at-1"], await Task.WhenAll(first, second));
        Assert.Equal(1, rig.Auth.TokenRequests);
        Assert.Single(rig.Store.Saves);
    }

    [Fact]
    public async Task GetAccessToken_CallerCancelledDuringRefresh_NewTokensAreStillSaved()
    {
        var rig = Build(Stored(TimeSpan.FromMinutes(1)));
        rig.Auth.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();

        var call = rig.Manager.GetAccessTokenAsync(cancel.Token);
        await Eventually(() => rig.Auth.TokenRequests == 1);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        rig.Auth.Hold.SetResult();

        await Eventually(() => rig.Store.Tokens?.RefreshToken == "rt-1");
        Assert.Equal("at-1", await rig.Manager.GetAccessTokenAsync(Ct));
        Assert.Equal(1, rig.Auth.TokenRequests);
    }

    [Fact]
    public async Task ApiCall_401_RefreshesOnceAndRetriesWithNewToken()
    {
        var auth = new FakeTeslaAuth();
        // Tesla revoked at-0 early (e.g. password change): only the freshly issued token works.
        var api = FakeHttpHandler.Responding(r => r.Headers.Authorization?.Parameter == auth.CurrentAccessToken && auth.TokenRequests > 0
            ? FakeHttpHandler.Json(HttpStatusCode.OK, SharedFolder.ReadFixture("tesla", "site_info.json"))
            : new HttpResponseMessage(HttpStatusCode.Unauthorized));
        var rig = Build(Stored(TimeSpan.FromHours(8)), api, auth);

        var info = await rig.Client.GetSiteInfoAsync(SiteId, Ct);

        Assert.Equal("Site", info.SiteName);
        Assert.Equal(["at-0", "at-1"], api.Requests.Select(r => r.Authorization!.Parameter));
        Assert.Equal(1, auth.TokenRequests);
        Assert.Equal("rt-1", rig.Store.Tokens!.RefreshToken);
    }

    [Fact]
    public async Task ApiCall_401AgainAfterRefresh_IsUnauthorizedWithoutSecondRefresh()
    {
        var api = FakeHttpHandler.Returning(HttpStatusCode.Unauthorized);
        var rig = Build(Stored(TimeSpan.FromHours(8)), api);

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => rig.Client.GetSiteInfoAsync(SiteId, Ct));

        Assert.Equal(TeslaErrorKind.Unauthorized, error.Kind);
        Assert.Equal(2, api.Requests.Count);
        Assert.Equal(1, rig.Auth.TokenRequests);
    }

    [Fact]
    public async Task Refresh_ReusedRefreshToken_IsSignInRequiredAndStopsCallingTesla()
    {
        // Another process already rotated rt-0 (the "borrowed token" trap): Tesla now only accepts rt-7.
        var auth = new FakeTeslaAuth(validRefreshToken: "rt-7");
        var rig = Build(Stored(TimeSpan.FromMinutes(1)), auth: auth);

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => rig.Client.GetSiteInfoAsync(SiteId, Ct));

        Assert.Equal(TeslaErrorKind.SignInRequired, error.Kind);
        Assert.Equal("login_required", error.Error);
        Assert.Contains("Sign in to Tesla again", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("rt-0", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(rig.Api.Requests);

        var again = await Assert.ThrowsAsync<TeslaApiException>(() => rig.Client.GetSiteInfoAsync(SiteId, Ct));
        Assert.Equal(TeslaErrorKind.SignInRequired, again.Kind);
        Assert.Equal(1, auth.TokenRequests); // failing fast, not hammering the token endpoint
        Assert.Equal(TeslaSignInState.SignInRequired, await rig.Manager.GetSignInStateAsync(Ct));
    }

    [Fact]
    public async Task GetAccessToken_SaveFails_CallFailsAndNextCallSavesSameTokensWithoutRefreshing()
    {
        var rig = Build(Stored(TimeSpan.FromMinutes(1)));
        rig.Store.FailSaves = 1;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => rig.Manager.GetAccessTokenAsync(Ct));
        Assert.IsType<IOException>(error.InnerException);
        Assert.Equal("rt-0", rig.Store.Tokens!.RefreshToken);

        Assert.Equal("at-1", await rig.Manager.GetAccessTokenAsync(Ct));
        Assert.Equal("rt-1", rig.Store.Tokens!.RefreshToken);
        Assert.Equal(1, rig.Auth.TokenRequests); // rt-0 is spent: refreshing again would be refused
    }

    [Fact]
    public async Task GetAccessToken_EarlyRefreshFailsWith500_ReturnsStillValidCurrentToken()
    {
        var rig = Build(Stored(TimeSpan.FromMinutes(3)));
        rig.Auth.FailNextWith = HttpStatusCode.ServiceUnavailable;

        Assert.Equal("at-0", await rig.Manager.GetAccessTokenAsync(Ct));
        Assert.Equal("at-1", await rig.Manager.GetAccessTokenAsync(Ct)); // tried again on the next call
        Assert.Equal(2, rig.Auth.TokenRequests);
    }

    [Fact]
    public async Task GetAccessToken_ExpiredAndRefreshFailsWith500_Throws()
    {
        var rig = Build(Stored(TimeSpan.FromMinutes(-1)));
        rig.Auth.FailNextWith = HttpStatusCode.ServiceUnavailable;

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => rig.Manager.GetAccessTokenAsync(Ct));

        Assert.Equal(TeslaErrorKind.ServerError, error.Kind);
    }

    [Fact]
    public async Task GetAccessToken_NotSignedIn_IsSignInRequired()
    {
        var rig = Build(stored: null);

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => rig.Client.GetProductsAsync(Ct));

        Assert.Equal(TeslaErrorKind.SignInRequired, error.Kind);
        Assert.Empty(rig.Api.Requests);
        Assert.Equal(TeslaSignInState.NotSignedIn, await rig.Manager.GetSignInStateAsync(Ct));
    }

    [Fact]
    public void CreateAuthorizationRequest_HasTeslaParametersAndFreshRandomState()
    {
        var rig = Build(stored: null);
        var oauth = rig.Services.GetRequiredService<TeslaOAuthClient>();

        var request = oauth.CreateAuthorizationRequest();
        var other = oauth.CreateAuthorizationRequest();

        Assert.StartsWith("https://auth.tesla.com/oauth2/v3/authorize?", request.Url.AbsoluteUri, StringComparison.Ordinal);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.Url.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("client-id", query["client_id"]);
        Assert.Equal(RedirectUri, query["redirect_uri"]);
        Assert.Equal("openid offline_access energy_device_data energy_cmds", query["scope"]);
        Assert.Equal(request.State, query["state"]);
        Assert.True(request.State.Length >= 43, "32 random bytes");
        Assert.NotEqual(request.State, other.State);
    }

    [Fact]
    public async Task CompleteSignIn_StateMismatch_ThrowsWithoutExchangingTheCode()
    {
        var rig = Build(stored: null);

        var error = await Assert.ThrowsAsync<TeslaApiException>(() =>
            rig.Manager.CompleteSignInAsync("expected-state", "forged-state", "code-1", error: null, Ct));

        Assert.Equal(TeslaErrorKind.SignInRequired, error.Kind);
        Assert.Contains("state", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, rig.Auth.TokenRequests);
        Assert.Null(rig.Store.Tokens);
    }

    [Fact]
    public async Task CompleteSignIn_UserDenied_ThrowsWithoutExchange()
    {
        var rig = Build(stored: null);

        var error = await Assert.ThrowsAsync<TeslaApiException>(() =>
            rig.Manager.CompleteSignInAsync("s", "s", code: null, error: "access_denied", Ct));

        Assert.Contains("access_denied", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, rig.Auth.TokenRequests);
    }

    [Fact]
    public async Task CompleteSignIn_MatchingState_ExchangesCodeSavesAndUsesTokens()
    {
        var rig = Build(stored: null);

        await rig.Manager.CompleteSignInAsync("state-1", "state-1", "code-1", error: null, Ct);

        Assert.Equal(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = "client-id",
            ["client_secret"] = "client-secret",
            ["code"] = "code-1",
            ["audience"] = TeslaOptions.FleetNorthAmericaBaseUrl,
            ["redirect_uri"] = RedirectUri,
        }, rig.Auth.Form(0));
        Assert.Equal("application/x-www-form-urlencoded", rig.Auth.Handler.SingleRequest.ContentType);
        Assert.Equal("rt-1", rig.Store.Tokens!.RefreshToken);
        Assert.Equal(TeslaSignInState.SignedIn, await rig.Manager.GetSignInStateAsync(Ct));
        await rig.Client.GetSiteInfoAsync(SiteId, Ct);
        Assert.Equal("at-1", rig.Api.SingleRequest.Authorization!.Parameter);
    }

    [Fact]
    public async Task SignOut_ClearsStoreAndCache()
    {
        var rig = Build(Stored(TimeSpan.FromHours(8)));
        await rig.Manager.GetAccessTokenAsync(Ct);

        await rig.Manager.SignOutAsync(Ct);

        Assert.Null(rig.Store.Tokens);
        var error = await Assert.ThrowsAsync<TeslaApiException>(() => rig.Manager.GetAccessTokenAsync(Ct));
        Assert.Equal(TeslaErrorKind.SignInRequired, error.Kind);
    }

    [Fact]
    public void TokenSet_ToString_HidesTokens()
    {
        var text = Stored(TimeSpan.FromHours(1), "secret-access", "secret-refresh").ToString();

        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10, Ct);
        }

        Assert.True(condition());
    }
}
