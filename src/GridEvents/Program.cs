using TeslaSync.GridEvents;
using TeslaSync.GridEvents.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddGrpc();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGrpcService<GridEventsService>();

await app.RunAsync();
