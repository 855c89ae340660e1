using TeslaSync.Gateway;
using TeslaSync.Gateway.Api;
using TeslaSync.Gateway.HomeAssistant;
using TeslaSync.Gateway.Security;
using TeslaSync.Gateway.Status;
using TeslaSync.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.AddSecurity();
builder.AddRestApi();
builder.AddHomeAssistant();

var app = builder.Build();

await app.MigrateDatabaseAsync<UserDbContext>();
app.UseSecurity();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapDefaultEndpoints();
app.MapAuthApi();
app.MapStatusApi();
app.MapRestApi();
app.MapReverseProxy();

await app.RunAsync();
