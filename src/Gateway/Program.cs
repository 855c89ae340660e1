using TeslaSync.Gateway;
using TeslaSync.Gateway.Status;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseDefaultFiles();
app.UseStaticFiles();
app.MapDefaultEndpoints();
app.MapStatusApi();
app.MapReverseProxy();

await app.RunAsync();
