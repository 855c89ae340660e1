using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;

namespace TeslaSync.Gateway.FunctionalTests;

/// <summary>Password guessing: per-address attempt limit and per-name lockout, on the host's clock.</summary>
public sealed class LoginLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WrongPasswords_LockTheNameWith429_UntilTheLockoutEnds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = GatewayHost.WithFakes(clock: clock);
        (await gateway.CreateSignedInClientAsync()).Dispose();
        using var attacker = await AnonymousClientAsync(gateway);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await LoginAsync(attacker, SignedInClient.UserName, $"guess number {attempt}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Locked: even the right password is refused, and the answer says for how long.
        using var locked = await LoginAsync(attacker, SignedInClient.UserName, SignedInClient.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal("application/problem+json", locked.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromMinutes(15), locked.Headers.RetryAfter?.Delta);

        clock.Advance(TimeSpan.FromMinutes(14));
        using var stillLocked = await LoginAsync(attacker, "OWNER", SignedInClient.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(1), stillLocked.Headers.RetryAfter?.Delta);

        clock.Advance(TimeSpan.FromMinutes(1));
        using var unlocked = await LoginAsync(attacker, SignedInClient.UserName, SignedInClient.Password);
        Assert.Equal(HttpStatusCode.NoContent, unlocked.StatusCode);
    }

    [Fact]
    public async Task UnknownName_IsLockedTheSameWay_SoLockoutRevealsNothing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = GatewayHost.WithFakes(clock: clock);
        (await gateway.CreateSignedInClientAsync()).Dispose();
        using var attacker = await AnonymousClientAsync(gateway);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            (await LoginAsync(attacker, "nobody", $"guess number {attempt}")).Dispose();
        }

        using var lockedUnknown = await LoginAsync(attacker, "nobody", "guess number 6");
        using var ownerUnaffected = await LoginAsync(attacker, SignedInClient.UserName, SignedInClient.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, lockedUnknown.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, ownerUnaffected.StatusCode);
    }

    [Fact]
    public async Task ManyAttemptsFromOneAddress_Get429_UntilTheWindowEnds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = GatewayHost.WithFakes(clock: clock);
        using var attacker = await AnonymousClientAsync(gateway);

        // Different names each time, so it is the address limit (10 per 5 minutes) that stops them, not the lockout.
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            using var wrong = await LoginAsync(attacker, $"name{attempt}", "some long password");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        using var limited = await LoginAsync(attacker, "name11", "some long password");
        using var setupLimited = await attacker.PostAsJsonAsync("/api/auth/setup", new { userName = "owner", password = SignedInClient.Password }, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromMinutes(3), limited.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, setupLimited.StatusCode);

        clock.Advance(TimeSpan.FromMinutes(3));
        using var allowedAgain = await LoginAsync(attacker, "name12", "some long password");
        Assert.Equal(HttpStatusCode.Unauthorized, allowedAgain.StatusCode);
    }

    private static async Task<HttpClient> AnonymousClientAsync(ServiceTesting.ServiceFactory<ServiceAssembly> gateway)
    {
        var http = gateway.CreateClient();
        await http.UseAntiforgeryTokenAsync();
        return http;
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient http, string userName, string password) =>
        http.PostAsJsonAsync("/api/auth/login", new { userName, password }, Ct);
}
