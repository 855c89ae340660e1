using System.Net;

namespace TeslaSync.Gateway.FunctionalTests;

/// <summary>Browser hardening headers on every kind of response.</summary>
public sealed class SecurityHeadersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/", false)]
    [InlineData("/index.html", false)]
    [InlineData("/health", false)]
    [InlineData("/nothing-here", false)]
    [InlineData("/api/status", true)]
    [InlineData("/api/auth/state", true)]
    [InlineData("/api/auth/antiforgery", true)]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path, bool isApi)
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = gateway.CreateClient();

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), Ct);

        Assert.Equal(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
            "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
            Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.Contains("geolocation=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        if (isApi)
        {
            Assert.Equal("no-store", Header(response, "Cache-Control"));
        }
    }

    [Fact]
    public async Task SignedInApiAnswer_IsNotStored()
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.GetAsync(new Uri("/api/status", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", Header(response, "Cache-Control"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
