using TeslaSync.Gateway;
using TeslaSync.Gateway.Api;
using TeslaSync.Gateway.Status;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.AddRestApi();

var app = builder.Build();

app.UseDefaultFiles();
app.UseStaticFiles();
app.MapDefaultEndpoints();
app.MapStatusApi();
app.MapRestApi();
app.MapReverseProxy();

await app.RunAsync();
