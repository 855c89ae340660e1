using Microsoft.Extensions.Configuration;
using TeslaSync.AppHost;
using TeslaSync.AppHost.Hosting;

// Reads like a .NET Aspire AppHost on purpose (docs/decisions/0001-own-aspire-shaped-launcher.md).
var builder = DistributedApplication.CreateBuilder(args);

var redis = builder.AddRedis(ResourceNames.Redis);

// Demo mode: no Amber or Tesla credentials configured, so the simulator stands in for Amber, Tesla and AEMO.
var demoMode = ExternalApis.IsDemoMode(builder.Configuration);
if (demoMode)
{
    builder.Configuration["AppHost:DataProfile"] = "demo";
}

var simulator = demoMode
    ? builder.AddProject(ResourceNames.Simulator, "../Simulator/Simulator.csproj")
        .WithSingleHttpEndpoint()
        .WithHttpHealthCheck("/health")
        .ShowUrlWhenReady("Simulator (demo mode)")
    : null;

var priceIngest = builder.AddProject(ResourceNames.PriceIngest, "../PriceIngest/PriceIngest.csproj")
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis)
    .WithExternalApis(simulator);

var tariffSync = builder.AddProject(ResourceNames.TariffSync, "../TariffSync/TariffSync.csproj")
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis)
    .WithReference(priceIngest)
    .WithExternalApis(simulator);

var gridEvents = builder.AddProject(ResourceNames.GridEvents, "../GridEvents/GridEvents.csproj")
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis)
    .WithReference(tariffSync)
    .WithExternalApis(simulator);

var telemetry = builder.AddProject(ResourceNames.Telemetry, "../Telemetry/Telemetry.csproj")
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis)
    .WithReference(tariffSync)
    .WithReference(priceIngest)
    .WithExternalApis(simulator);

// A fixed port (Gateway:Port, default 5180) so the user has a stable URL for the web UI.
builder.AddProject(ResourceNames.Gateway, "../Gateway/Gateway.csproj")
    .WithSingleHttpEndpoint(port: builder.Configuration.GetValue("Gateway:Port", 5180))
    .WithHttpHealthCheck("/health")
    .WithReference(redis)
    .WithReference(priceIngest).WaitFor(priceIngest)
    .WithReference(tariffSync).WaitFor(tariffSync)
    .WithReference(gridEvents).WaitFor(gridEvents)
    .WithReference(telemetry).WaitFor(telemetry)
    .WithEnvironment("TeslaSync__DemoMode", demoMode ? "true" : "false")
    .WithConfigurationSections("HomeAssistant") // the MQTT broker for Home Assistant, when set here instead of on the settings page
    .AsEntryPoint();

// Replay mode (--Replay:File=<day.json> [--Replay:Speed=60] [--Replay:From=17:00], demo mode only):
// every process above lives through that stored day on one fast clock, with fresh data of its own.
builder.AddReplayMode();

builder.Build().Run();
