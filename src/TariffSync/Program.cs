using TeslaSync.ServiceDefaults;
using TeslaSync.TariffSync;
using TeslaSync.TariffSync.Grpc;
using TeslaSync.TariffSync.Overrides;
using TeslaSync.TariffSync.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddGrpc();

var app = builder.Build();

await app.MigrateDatabaseAsync<TariffDbContext>();
await app.MigrateDatabaseAsync<OverrideDbContext>();
app.MapDefaultEndpoints();
app.MapGrpcService<TariffSyncService>();
app.MapGrpcService<TariffOverridesService>();

await app.RunAsync();
