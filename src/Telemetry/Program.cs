using TeslaSync.Telemetry;
using TeslaSync.Telemetry.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddGrpc();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGrpcService<TelemetryService>();

await app.RunAsync();
