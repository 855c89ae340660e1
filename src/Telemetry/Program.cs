using TeslaSync.ServiceDefaults;
using TeslaSync.Telemetry;
using TeslaSync.Telemetry.Grpc;
using TeslaSync.Telemetry.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddGrpc();

var app = builder.Build();

await app.MigrateDatabaseAsync<TelemetryDbContext>();
app.MapDefaultEndpoints();
app.MapGrpcService<TelemetryService>();

await app.RunAsync();
