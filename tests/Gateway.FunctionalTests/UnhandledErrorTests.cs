using System.Net;
using TeslaSync.Contracts.PriceIngest.V1;

namespace TeslaSync.Gateway.FunctionalTests;

/// <summary>An unexpected failure inside the Gateway answers with a bare problem, whatever the environment.</summary>
public sealed class UnhandledErrorTests
{
    [Fact]
    public async Task BugInAnEndpoint_InDevelopment_AnswersAProblemThatEchoesNeitherCookiesNorTheException()
    {
        // The test host runs in Development, as the launcher runs the Gateway, where the framework's developer
        // error page would show the request's headers (the sign-in cookie among them) and the stack trace.
        var priceIngest = new FakeBackend().Answer<GetCurrentPricesRequest, GetCurrentPricesResponse>(
            "GetCurrentPrices", _ => throw new InvalidOperationException("internal detail 7f3a"));
        await using var gateway = GatewayHost.WithFakes(priceIngest: priceIngest);
        using var http = await gateway.CreateSignedInClientAsync();
        http.DefaultRequestHeaders.Add("X-Probe", "header-value-9c1e");

        using var response = await http.GetAsync(new Uri("/api/prices/current", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("header-value-9c1e", body, StringComparison.Ordinal);
        Assert.DoesNotContain("TeslaSync.Auth", body, StringComparison.Ordinal);
        Assert.DoesNotContain("internal detail 7f3a", body, StringComparison.Ordinal);
    }
}
