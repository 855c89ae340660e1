using TeslaSync.AppHost.Hosting;

// Scenarios (--Scenario=...): "redis" = Redis only; "web" = Redis, a gRPC-shaped "backend"
// (http + health endpoints) and a single-endpoint "frontend" that waits for it; "unhealthy" = the
// backend never reports healthy; "stubborn" = the backend ignores SIGTERM.
var builder = DistributedApplication.CreateBuilder(args);
var scenario = builder.Configuration["Scenario"] ?? "web";

var redis = builder.AddRedis("redis");

if (scenario != "redis")
{
    var backend = builder.AddProject("backend", "../TestWebApp/TestWebApp.csproj")
        .WithHttpHealthCheck("/health")
        .WithReference(redis).WaitFor(redis)
        .WithEnvironment("TestWebApp__Unhealthy", scenario == "unhealthy" ? "true" : "false")
        .WithEnvironment("TestWebApp__IgnoreSigterm", scenario == "stubborn" ? "true" : "false")
        .WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore", "Warning");

    builder.AddProject("frontend", "../TestWebApp/TestWebApp.csproj")
        .WithSingleHttpEndpoint()
        .WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore", "Warning")
        .WithHttpHealthCheck("/health")
        .WithReference(backend).WaitFor(backend)
        .AsEntryPoint();
}

builder.Build().Run();
