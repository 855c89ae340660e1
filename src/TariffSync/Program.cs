using TeslaSync.ServiceDefaults;
using TeslaSync.TariffSync;
using TeslaSync.TariffSync.Grpc;
using TeslaSync.TariffSync.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddGrpc();

var app = builder.Build();

await app.MigrateDatabaseAsync<TariffDbContext>();
app.MapDefaultEndpoints();
app.MapGrpcService<TariffSyncService>();

await app.RunAsync();
