using TeslaSync.AppHost.Hosting;

namespace TeslaSync.AppHost.Tests;

public sealed class EnvironmentContractTests
{
    [Fact]
    public void For_GrpcServiceReferencingRedisAndAService_GetsAspireContract()
    {
        var builder = TestBuilders.ForAppHost();
        var redis = builder.AddRedis(ResourceNames.Redis);
        var tariffSync = builder.AddProject(ResourceNames.TariffSync, "../TariffSync/TariffSync.csproj");
        var telemetry = builder.AddProject(ResourceNames.Telemetry, "../Telemetry/Telemetry.csproj")
            .WithReference(redis).WaitFor(redis)
            .WithReference(tariffSync);
        builder.Build();

        var env = EnvironmentContract.For(telemetry.Resource, TestBuilders.Settings);

        var tariffHttp = tariffSync.Resource.GetEndpoint("http");
        var tariffHealth = tariffSync.Resource.GetEndpoint("health");
        var own = telemetry.Resource;
        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__redis"] = $"127.0.0.1:{redis.Resource.Port},password={redis.Resource.Password}",
            ["Kestrel__Endpoints__health__Protocols"] = "Http1",
            ["Kestrel__Endpoints__health__Url"] = $"http://127.0.0.1:{own.GetEndpoint("health").Port}",
            ["Kestrel__Endpoints__http__Protocols"] = "Http2",
            ["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{own.GetEndpoint("http").Port}",
            ["OTEL_SERVICE_NAME"] = "telemetry",
            ["Storage__DataDirectory"] = "/data/telemetry",
            ["TESLASYNC_PARENT_PID"] = "4242",
            ["services__tariffsync__health__0"] = $"http://127.0.0.1:{tariffHealth.Port}",
            ["services__tariffsync__http__0"] = $"http://127.0.0.1:{tariffHttp.Port}",
        };
        Assert.Equal(expected, env);
    }

    [Fact]
    public void For_SingleHttpEndpointWithFixedPort_GetsOneHttp1Endpoint()
    {
        var builder = TestBuilders.ForAppHost();
        var gateway = builder.AddProject(ResourceNames.Gateway, "../Gateway/Gateway.csproj").WithSingleHttpEndpoint(port: 5180);
        builder.Build();

        var env = EnvironmentContract.For(gateway.Resource, TestBuilders.Settings);

        Assert.Equal("http://127.0.0.1:5180", env["Kestrel__Endpoints__http__Url"]);
        Assert.Equal("Http1", env["Kestrel__Endpoints__http__Protocols"]);
        Assert.DoesNotContain(env.Keys, k => k.StartsWith("Kestrel__Endpoints__health", StringComparison.Ordinal));
    }

    [Fact]
    public void For_ReferenceToSingleEndpointWebApp_GetsOnlyItsHttpAddress()
    {
        var builder = TestBuilders.ForAppHost();
        var simulator = builder.AddProject(ResourceNames.Simulator, "../Simulator/Simulator.csproj").WithSingleHttpEndpoint();
        var priceIngest = builder.AddProject(ResourceNames.PriceIngest, "../PriceIngest/PriceIngest.csproj").WithReference(simulator);
        builder.Build();

        var env = EnvironmentContract.For(priceIngest.Resource, TestBuilders.Settings);

        Assert.Equal(simulator.Resource.GetEndpoint("http").Url, env["services__simulator__http__0"]);
        Assert.DoesNotContain("services__simulator__health__0", env.Keys);
    }

    [Fact]
    public void For_WaitForWithoutReference_GetsNoAddress()
    {
        var builder = TestBuilders.ForAppHost();
        var redis = builder.AddRedis(ResourceNames.Redis);
        var tariffSync = builder.AddProject(ResourceNames.TariffSync, "../TariffSync/TariffSync.csproj");
        var gateway = builder.AddProject(ResourceNames.Gateway, "../Gateway/Gateway.csproj").WaitFor(redis).WaitFor(tariffSync);
        builder.Build();

        var env = EnvironmentContract.For(gateway.Resource, TestBuilders.Settings);

        Assert.DoesNotContain(env.Keys, k => k.StartsWith("services__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
    }

    [Fact]
    public void For_OtlpEndpointGivenToAppHost_PassesItOn()
    {
        var builder = TestBuilders.ForAppHost();
        var gridEvents = builder.AddProject(ResourceNames.GridEvents, "../GridEvents/GridEvents.csproj");
        builder.Build();

        var env = EnvironmentContract.For(gridEvents.Resource, TestBuilders.Settings with { OtlpEndpoint = "http://127.0.0.1:4317", EnvironmentName = "Staging" });

        Assert.Equal("http://127.0.0.1:4317", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("Staging", env["ASPNETCORE_ENVIRONMENT"]);
    }

    [Fact]
    public void For_WithEnvironment_AddsOverridesAndRemovesAfterTheContract()
    {
        var builder = TestBuilders.ForAppHost();
        var gridEvents = builder.AddProject(ResourceNames.GridEvents, "../GridEvents/GridEvents.csproj")
            .WithEnvironment("Feature__Enabled", "true")
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Testing")
            .WithEnvironment("Storage__DataDirectory", (string?)null);
        builder.Build();

        var env = EnvironmentContract.For(gridEvents.Resource, TestBuilders.Settings);

        Assert.Equal("true", env["Feature__Enabled"]);
        Assert.Equal("Testing", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.DoesNotContain("Storage__DataDirectory", env.Keys);
    }

    [Fact]
    public void NotInherited_UrlSettingsAndStateFile_AreRemovedFromChildren()
    {
        Assert.Contains("ASPNETCORE_URLS", EnvironmentContract.NotInherited);
        Assert.Contains("ASPNETCORE_HTTP_PORTS", EnvironmentContract.NotInherited);
        Assert.Contains(StateFile.EnvironmentVariable, EnvironmentContract.NotInherited);
    }

    [Fact]
    public void Build_FixedAndFreePorts_AreAllDistinctAndFixedPortIsKept()
    {
        var builder = TestBuilders.ForAppHost();
        var redis = builder.AddRedis(ResourceNames.Redis);
        var services = new[] { ResourceNames.PriceIngest, ResourceNames.TariffSync, ResourceNames.GridEvents, ResourceNames.Telemetry }
            .Select(name => builder.AddProject(name, $"../{name}/{name}.csproj"))
            .ToList();
        var gateway = builder.AddProject(ResourceNames.Gateway, "../Gateway/Gateway.csproj").WithSingleHttpEndpoint(port: 5180);
        builder.Build();

        var ports = services.SelectMany(s => s.Resource.Endpoints).Select(e => e.Port)
            .Append(redis.Resource.Port)
            .Append(gateway.Resource.GetEndpoint("http").Port)
            .ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.Equal(5180, gateway.Resource.GetEndpoint("http").Port);
    }

    [Fact]
    public void AddProject_RelativePath_ResolvesAgainstAppHostProjectDirectory()
    {
        var builder = TestBuilders.ForAppHost();

        var project = builder.AddProject(ResourceNames.Gateway, "../Gateway/Gateway.csproj");

        Assert.Equal(Path.Combine(RepositoryRoot.Path, "src", "Gateway", "Gateway.csproj"), project.Resource.ProjectPath);
    }
}
