using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Aemo;
using TeslaSync.Integrations.Amber;
using TeslaSync.Integrations.Tesla;
using TeslaSync.Integrations.Tesla.Auth;

namespace TeslaSync.Integrations.UnitTests;

/// <summary>Options come from the Amber/Tesla/Aemo sections and a bad BaseUrl stops the host at start.</summary>
public sealed class DependencyInjectionTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    [Fact]
    public void Sections_BindOptions_AndClientsResolve()
    {
        var configuration = Configuration(
            ("Amber:ApiToken", "psk_x"), ("Amber:SiteId", "01ABC"), ("Amber:BaseUrl", "http://localhost:5100/v1"),
            ("Tesla:AccessToken", "tok"), ("Tesla:BaseUrl", "https://api.teslemetry.com"),
            ("Aemo:BaseUrl", "http://localhost:5300"));
        var services = new ServiceCollection();
        services.AddAmberClient(configuration);
        services.AddTeslaClient(configuration);
        services.AddAemoClient(configuration);
        using var provider = services.BuildServiceProvider();

        var amber = provider.GetRequiredService<IOptions<AmberOptions>>().Value;
        Assert.Equal(("psk_x", "01ABC", "http://localhost:5100/v1"), (amber.ApiToken, amber.SiteId, amber.BaseUrl));
        Assert.Equal("https://api.teslemetry.com", provider.GetRequiredService<IOptions<TeslaOptions>>().Value.BaseUrl);
        Assert.Equal("http://localhost:5300", provider.GetRequiredService<IOptions<AemoOptions>>().Value.BaseUrl);
        Assert.IsType<AmberClient>(provider.GetRequiredService<IAmberClient>());
        Assert.NotNull(provider.GetRequiredService<AmberClient>());
        Assert.IsType<TeslaFleetClient>(provider.GetRequiredService<ITeslaEnergyClient>());
        Assert.IsType<AemoClient>(provider.GetRequiredService<IAemoClient>());
    }

    [Fact]
    public void Defaults_AreTheProductionHosts()
    {
        var services = new ServiceCollection();
        services.AddAmberClient(Configuration());
        services.AddTeslaClient(Configuration());
        services.AddAemoClient(Configuration());
        using var provider = services.BuildServiceProvider();

        Assert.Equal("https://api.amber.com.au/v1", provider.GetRequiredService<IOptions<AmberOptions>>().Value.BaseUrl);
        Assert.Equal("https://fleet-api.prd.na.vn.cloud.tesla.com", provider.GetRequiredService<IOptions<TeslaOptions>>().Value.EffectiveBaseUrl);
        Assert.Equal("https://visualisations.aemo.com.au", provider.GetRequiredService<IOptions<AemoOptions>>().Value.BaseUrl);
    }

    [Theory]
    [InlineData("Amber")]
    [InlineData("Tesla")]
    [InlineData("Aemo")]
    public async Task RelativeBaseUrl_FailsHostStart(string section)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"{section}:BaseUrl"] = "/v1" });
        builder.Services.AddAmberClient(builder.Configuration);
        builder.Services.AddTeslaClient(builder.Configuration);
        builder.Services.AddAemoClient(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"{section}:BaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TeslaProvider_Teslemetry_DefaultsToTeslemetryHostAndStaticToken()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTeslaClient(Configuration(("Tesla:Provider", "Teslemetry"), ("Tesla:AccessToken", "tok")));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<TeslaOptions>>().Value;
        Assert.Equal(TeslaProvider.Teslemetry, options.Provider);
        Assert.Equal("https://api.teslemetry.com", options.EffectiveBaseUrl);
        Assert.IsType<StaticTeslaAccessTokenSource>(provider.GetRequiredService<ITeslaAccessTokenSource>());
    }

    [Fact]
    public void TeslaOAuthClientId_SelectsTheTokenManager_WithTheHostsTokenStore()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<ITeslaTokenStore>(new Support.InMemoryTokenStore());
        services.AddTeslaClient(Configuration(("Tesla:OAuth:ClientId", "cid"), ("Tesla:OAuth:RedirectUri", "https://x/cb")));
        using var provider = services.BuildServiceProvider();

        Assert.True(provider.GetRequiredService<IOptions<TeslaOptions>>().Value.UsesOAuth);
        Assert.Same(provider.GetRequiredService<TeslaTokenManager>(), provider.GetRequiredService<ITeslaAccessTokenSource>());
        Assert.IsType<TeslaFleetClient>(provider.GetRequiredService<ITeslaEnergyClient>());
    }

    [Fact]
    public void StaticToken_NoTokenStore_PassesValidateOnBuild()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTeslaClient(Configuration(("Tesla:AccessToken", "tok")));

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<StaticTeslaAccessTokenSource>(provider.GetRequiredService<ITeslaAccessTokenSource>());
    }

    [Fact]
    public void OAuthWithoutTokenStore_FailsWithAMessageNamingTheStore()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTeslaClient(Configuration(("Tesla:OAuth:ClientId", "cid")));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ITeslaAccessTokenSource>());

        Assert.Contains(nameof(ITeslaTokenStore), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TeslaAccessTokenSource_RegisteredByHostFirst_IsKept()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var own = new StaticTeslaAccessTokenSource(new OptionsMonitorStub());
        services.AddSingleton<ITeslaAccessTokenSource>(own);
        services.AddTeslaClient(Configuration(("Tesla:OAuth:ClientId", "cid")));
        using var provider = services.BuildServiceProvider();

        Assert.Same(own, provider.GetRequiredService<ITeslaAccessTokenSource>());
    }

    private sealed class OptionsMonitorStub : IOptionsMonitor<TeslaOptions>
    {
        public TeslaOptions CurrentValue { get; } = new();

        public TeslaOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<TeslaOptions, string?> listener) => null;
    }
}
