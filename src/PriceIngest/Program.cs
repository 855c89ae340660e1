using TeslaSync.PriceIngest;
using TeslaSync.PriceIngest.Grpc;
using TeslaSync.PriceIngest.Storage;
using TeslaSync.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddGrpc();

var app = builder.Build();

await app.MigrateDatabaseAsync<PriceDbContext>();
app.MapDefaultEndpoints();
app.MapGrpcService<PriceIngestService>();

await app.RunAsync();
