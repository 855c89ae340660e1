using TeslaSync.GridEvents;
using TeslaSync.GridEvents.Grpc;
using TeslaSync.GridEvents.Settings;
using TeslaSync.GridEvents.Storage;
using TeslaSync.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddGrpc();

var app = builder.Build();

await app.MigrateDatabaseAsync<GridEventsDbContext>();
await app.LoadGridSettingsAsync();
app.MapDefaultEndpoints();
app.MapGrpcService<GridEventsService>();

await app.RunAsync();
