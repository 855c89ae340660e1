using TeslaSync.PriceIngest;
using TeslaSync.PriceIngest.Aemo.Grpc;
using TeslaSync.PriceIngest.Aemo.Storage;
using TeslaSync.PriceIngest.Grpc;
using TeslaSync.PriceIngest.Storage;
using TeslaSync.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddGrpc();

var app = builder.Build();

await app.MigrateDatabaseAsync<PriceDbContext>();
await app.MigrateDatabaseAsync<AemoDbContext>();
app.MapDefaultEndpoints();
app.MapGrpcService<PriceIngestService>();
app.MapGrpcService<AemoPricesService>();

await app.RunAsync();
