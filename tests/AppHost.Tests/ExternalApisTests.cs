using Microsoft.Extensions.Configuration;
using TeslaSync.AppHost.Hosting;

namespace TeslaSync.AppHost.Tests;

public sealed class ExternalApisTests
{
    [Fact]
    public void IsDemoMode_NoCredentials_True()
    {
        Assert.True(ExternalApis.IsDemoMode(Configuration(("Amber:SiteId", "site-1"), ("Gateway:Port", "5180"))));
    }

    [Theory]
    [InlineData("Amber:ApiToken")]
    [InlineData("Tesla:AccessToken")]
    [InlineData("Teslemetry:AccessToken")]
    public void IsDemoMode_AnyCredential_False(string key)
    {
        Assert.False(ExternalApis.IsDemoMode(Configuration((key, "secret"))));
    }

    [Fact]
    public void IsDemoMode_BlankCredential_True()
    {
        Assert.True(ExternalApis.IsDemoMode(Configuration(("Amber:ApiToken", "  "))));
    }

    [Fact]
    public void DemoEnvironment_SimulatorUrl_PointsEveryApiAtTheSimulator()
    {
        var env = ExternalApis.DemoEnvironment("http://127.0.0.1:6123");

        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Aemo__BaseUrl"] = "http://127.0.0.1:6123/aemo",
            ["Aemo__NemWebBaseUrl"] = "http://127.0.0.1:6123/nemweb",
            ["Amber__ApiToken"] = "sim-amber-token",
            ["Amber__BaseUrl"] = "http://127.0.0.1:6123/amber/v1",
            ["Amber__WebSocketUrl"] = "ws://127.0.0.1:6123/amber/ws",
            ["Tesla__AccessToken"] = "sim-tesla-token",
            ["Tesla__BaseUrl"] = "http://127.0.0.1:6123/tesla",
            ["TeslaSync__DemoMode"] = "true",
        };
        Assert.Equal(expected, env);
    }

    [Fact]
    public void CredentialEnvironment_UserSettings_PassedThroughAsEnvironmentVariables()
    {
        var env = ExternalApis.CredentialEnvironment(Configuration(
            ("Amber:ApiToken", "amber-secret"),
            ("Amber:SiteId", "site-1"),
            ("Teslemetry:AccessToken", "tm-secret"),
            ("Unrelated:Key", "no")));

        Assert.Equal("amber-secret", env["Amber__ApiToken"]);
        Assert.Equal("site-1", env["Amber__SiteId"]);
        Assert.Equal("tm-secret", env["Teslemetry__AccessToken"]);
        Assert.Equal("false", env["TeslaSync__DemoMode"]);
        Assert.DoesNotContain("Unrelated__Key", env.Keys);
    }

    [Fact]
    public void WithConfigurationSections_PassesOnlyThoseSectionsToTheService()
    {
        var builder = TestBuilders.ForAppHost("--HomeAssistant:Broker=192.168.1.10", "--HomeAssistant:Port=1884", "--Amber:ApiToken=amber-secret");
        var gateway = builder.AddProject(ResourceNames.Gateway, "../Gateway/Gateway.csproj").WithConfigurationSections("HomeAssistant");
        builder.Build();

        var env = EnvironmentContract.For(gateway.Resource, TestBuilders.Settings);

        Assert.Equal("192.168.1.10", env["HomeAssistant__Broker"]);
        Assert.Equal("1884", env["HomeAssistant__Port"]);
        Assert.DoesNotContain("Amber__ApiToken", env.Keys);
    }

    [Fact]
    public void WithExternalApis_DemoMode_ReferencesAndWaitsForSimulator()
    {
        var builder = TestBuilders.ForAppHost();
        var simulator = builder.AddProject(ResourceNames.Simulator, "../Simulator/Simulator.csproj").WithSingleHttpEndpoint();
        var priceIngest = builder.AddProject(ResourceNames.PriceIngest, "../PriceIngest/PriceIngest.csproj").WithExternalApis(simulator);
        builder.Build();

        var env = EnvironmentContract.For(priceIngest.Resource, TestBuilders.Settings);

        Assert.Contains(simulator.Resource, priceIngest.Resource.WaitsFor);
        Assert.Equal($"{simulator.Resource.GetEndpoint("http").Url}/amber/v1", env["Amber__BaseUrl"]);
        Assert.Equal($"ws://127.0.0.1:{simulator.Resource.GetEndpoint("http").Port}/amber/ws", env["Amber__WebSocketUrl"]);
        Assert.Equal("true", env["TeslaSync__DemoMode"]);
    }

    [Fact]
    public void WithExternalApis_Credentials_PassesUserValuesAndNoSimulator()
    {
        var builder = TestBuilders.ForAppHost("--Tesla:AccessToken=tesla-secret", "--Tesla:BaseUrl=https://fleet-api.example");
        var tariffSync = builder.AddProject(ResourceNames.TariffSync, "../TariffSync/TariffSync.csproj").WithExternalApis(simulator: null);
        builder.Build();

        var env = EnvironmentContract.For(tariffSync.Resource, TestBuilders.Settings);

        Assert.Empty(tariffSync.Resource.WaitsFor);
        Assert.Equal("tesla-secret", env["Tesla__AccessToken"]);
        Assert.Equal("https://fleet-api.example", env["Tesla__BaseUrl"]);
        Assert.Equal("false", env["TeslaSync__DemoMode"]);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
