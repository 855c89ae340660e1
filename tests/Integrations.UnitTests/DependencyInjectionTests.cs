using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Aemo;
using TeslaSync.Integrations.Amber;
using TeslaSync.Integrations.Tesla;

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
        Assert.Equal("https://fleet-api.prd.na.vn.cloud.tesla.com", provider.GetRequiredService<IOptions<TeslaOptions>>().Value.BaseUrl);
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
}
