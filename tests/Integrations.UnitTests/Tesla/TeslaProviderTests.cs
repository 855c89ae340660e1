using TeslaSync.Domain.Budget;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Integrations.Tesla;
using TeslaSync.Integrations.Tesla.Http;
using TeslaSync.Integrations.UnitTests.Support;

namespace TeslaSync.Integrations.UnitTests.Tesla;

/// <summary>Teslemetry's region switch, the Fleet 421 region switch, and what a budget handler sees.</summary>
public sealed class TeslaProviderTests
{
    private const long SiteId = 123456;
    private const string TeslemetryToken = "teslemetry-token";
    private const string Metadata =
        """{"uid":"u1","region":"NA","scopes":["energy_device_data","energy_cmds"],"vehicles":{},"energy_sites":{"123456":{"access":true,"name":"Energy Site"}}}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpResponseMessage Ok(string body) => FakeHttpHandler.Json(HttpStatusCode.OK, body);

    private static HttpResponseMessage OkFixture(string file) => Ok(SharedFolder.ReadFixture("tesla", file));

    private static ITeslaEnergyClient Teslemetry(FakeHttpHandler handler, Action<TeslaOptions>? configure = null) =>
        Clients.TeslaServices(handler, o =>
        {
            o.Provider = TeslaProvider.Teslemetry;
            o.AccessToken = TeslemetryToken;
            o.Resilience.MaxRetryAttempts = 0;
            configure?.Invoke(o);
        }).GetRequiredService<ITeslaEnergyClient>();

    [Fact]
    public async Task Teslemetry_FirstCall_ReadsMetadataThenUsesLowerCasedRegionHost()
    {
        var handler = FakeHttpHandler.Responding(r => r.RequestUri!.AbsolutePath == "/api/metadata" ? Ok(Metadata) : OkFixture("products.json"));
        var client = Teslemetry(handler);

        var sites = await client.GetProductsAsync(Ct);
        await client.GetProductsAsync(Ct);

        Assert.Equal(2, sites.Count);
        Assert.Equal(
            ["https://api.teslemetry.com/api/metadata", "https://na.teslemetry.com/api/1/products", "https://na.teslemetry.com/api/1/products"],
            handler.Requests.Select(r => r.Uri.AbsoluteUri));
        Assert.All(handler.Requests, r => Assert.Equal(("Bearer", TeslemetryToken), (r.Authorization!.Scheme, r.Authorization.Parameter)));
    }

    [Fact]
    public async Task Teslemetry_SiteInfoFixture_ReadsLikeFleet()
    {
        var handler = FakeHttpHandler.Responding(r => r.RequestUri!.AbsolutePath == "/api/metadata" ? Ok(Metadata) : OkFixture("site_info_tariff_content_v2_multi_season.json"));

        var info = await Teslemetry(handler).GetSiteInfoAsync(SiteId, Ct);

        Assert.NotNull(info.TariffContentV2);
        Assert.Equal("https://na.teslemetry.com/api/1/energy_sites/123456/site_info", handler.Requests[^1].Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Teslemetry_EmptyRegionalTemplate_StaysOnConfiguredBase()
    {
        var handler = FakeHttpHandler.Responding(r => r.RequestUri!.AbsolutePath.EndsWith("/api/metadata", StringComparison.Ordinal) ? Ok(Metadata) : OkFixture("live_status.json"));
        var client = Teslemetry(handler, o =>
        {
            o.BaseUrl = "http://127.0.0.1:5080/tesla";
            o.TeslemetryRegionalBaseUrl = string.Empty;
        });

        await client.GetLiveStatusAsync(SiteId, Ct);
        await client.GetLiveStatusAsync(SiteId, Ct);

        Assert.Equal(
            ["http://127.0.0.1:5080/tesla/api/metadata", "http://127.0.0.1:5080/tesla/api/1/energy_sites/123456/live_status", "http://127.0.0.1:5080/tesla/api/1/energy_sites/123456/live_status"],
            handler.Requests.Select(r => r.Uri.AbsoluteUri));
    }

    [Fact]
    public async Task Teslemetry_MetadataRefusesToken_IsUnauthorizedAndNothingElseIsSent()
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.Unauthorized, """{"error":"invalid_token"}""");

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => Teslemetry(handler).GetProductsAsync(Ct));

        Assert.Equal(TeslaErrorKind.Unauthorized, error.Kind);
        Assert.Equal("invalid_token", error.Error);
        Assert.Equal("https://api.teslemetry.com/api/metadata", handler.SingleRequest.Uri.AbsoluteUri);
        Assert.DoesNotContain(TeslemetryToken, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teslemetry_MetadataNamesForeignHost_IsNotFollowed()
    {
        var handler = FakeHttpHandler.Responding(r => r.RequestUri!.AbsolutePath == "/api/metadata" ? Ok(Metadata) : OkFixture("products.json"));

        await Teslemetry(handler, o => o.TeslemetryRegionalBaseUrl = "https://{region}.attacker.example").GetProductsAsync(Ct);

        Assert.Equal("https://api.teslemetry.com/api/1/products", handler.Requests[^1].Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Fleet_421_AsksRegionSwitchesHostAndRetriesOnce()
    {
        const string eu = "https://fleet-api.prd.eu.vn.cloud.tesla.com";
        var handler = FakeHttpHandler.Responding(r => (r.RequestUri!.Host, r.RequestUri.AbsolutePath) switch
        {
            (_, "/api/1/users/region") => Ok($$$"""{"response":{"region":"eu","fleet_api_base_url":"{{{eu}}}"}}"""),
            ("fleet-api.prd.na.vn.cloud.tesla.com", _) => FakeHttpHandler.Json((HttpStatusCode)421,
                """{"response":null,"error":"user out of region","error_description":""}"""),
            _ => OkFixture("products.json"),
        });
        var client = Clients.Tesla(handler);

        await client.GetProductsAsync(Ct);
        await client.GetProductsAsync(Ct);

        Assert.Equal(
        [
            $"{TeslaOptions.FleetNorthAmericaBaseUrl}/api/1/products",
            $"{TeslaOptions.FleetNorthAmericaBaseUrl}/api/1/users/region",
            $"{eu}/api/1/products",
            $"{eu}/api/1/products",
        ], handler.Requests.Select(r => r.Uri.AbsoluteUri));
        Assert.All(handler.Requests, r => Assert.Equal(Clients.TeslaToken, r.Authorization!.Parameter));
    }

    [Fact]
    public async Task Fleet_421AndRegionNamesUntrustedHost_IsWrongRegionWithoutSendingTokenThere()
    {
        var handler = FakeHttpHandler.Responding(r => r.RequestUri!.AbsolutePath == "/api/1/users/region"
            ? Ok("""{"response":{"region":"eu","fleet_api_base_url":"https://fleet-api.evil.example"}}""")
            : FakeHttpHandler.Json((HttpStatusCode)421, """{"response":null,"error":"user out of region","error_description":""}"""));

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => Clients.Tesla(handler).GetProductsAsync(Ct));

        Assert.Equal(TeslaErrorKind.WrongRegion, error.Kind);
        Assert.Equal(2, handler.Requests.Count);
        Assert.DoesNotContain(handler.Requests, r => r.Uri.Host.Contains("evil", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fleet_421AndRegionNamesSameHost_DoesNotLoop()
    {
        var handler = FakeHttpHandler.Responding(r => r.RequestUri!.AbsolutePath == "/api/1/users/region"
            ? Ok($$$"""{"response":{"region":"na","fleet_api_base_url":"{{{TeslaOptions.FleetNorthAmericaBaseUrl}}}"}}""")
            : FakeHttpHandler.Json((HttpStatusCode)421, """{"response":null,"error":"user out of region","error_description":""}"""));

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => Clients.Tesla(handler).GetProductsAsync(Ct));

        Assert.Equal(TeslaErrorKind.WrongRegion, error.Kind);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task BudgetHandler_AddedAfterAddTeslaClient_SeesEveryCallWithKindAndSite()
    {
        var handler = FakeHttpHandler.Responding(r => r.RequestUri!.AbsolutePath switch
        {
            "/api/metadata" => Ok(Metadata),
            "/api/1/products" => OkFixture("products.json"),
            var p when p.EndsWith("/site_info", StringComparison.Ordinal) => FakeHttpHandler.Json(HttpStatusCode.TooManyRequests, "{}", m => m.Headers.Add("Retry-After", "0")),
            _ => OkFixture("energy_command_ok_transcribed.json"),
        });
        var seen = new List<(TeslaCallKind Kind, long? Site)>();
        var client = Clients.TeslaServices(handler, o =>
        {
            o.Provider = TeslaProvider.Teslemetry;
            o.AccessToken = TeslemetryToken;
            o.Resilience.MaxRetryAttempts = 1;
        }, new TestClock(), extend: b => b.AddHttpMessageHandler(() => new RecordingHandler(seen))).GetRequiredService<ITeslaEnergyClient>();

        await client.GetProductsAsync(Ct);
        await Assert.ThrowsAsync<TeslaApiException>(() => client.GetSiteInfoAsync(SiteId, Ct)); // 429, retried once, 429 again
        await client.SetBackupReserveAsync(SiteId, 30, Ct);

        Assert.Equal(
        [
            (TeslaCallKind.Account, null),
            (TeslaCallKind.DataRead, null),
            (TeslaCallKind.DataRead, SiteId),
            (TeslaCallKind.DataRead, SiteId),
            (TeslaCallKind.Command, SiteId),
        ], seen);
    }

    private sealed class RecordingHandler(List<(TeslaCallKind, long?)> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.NotNull(request.Headers.Authorization); // runs after the token handler
            Assert.True(request.Options.TryGetValue(TeslaRequestOptions.CallKind, out var kind));
            long? site = request.Options.TryGetValue(TeslaRequestOptions.EnergySiteId, out var id) ? id : null;
            lock (seen)
            {
                seen.Add((kind, site));
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
