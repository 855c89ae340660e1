// A stand-in service for the AppHost tests: Kestrel endpoints come from the AppHost's
// Kestrel__Endpoints__* variables; it reports health, shows its environment and can be made to
// misbehave (unhealthy, exit on request, ignore SIGTERM).
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
var unhealthy = app.Configuration.GetValue<bool>("TestWebApp:Unhealthy");

// Hanging on shutdown lets tests check that the AppHost kills what does not stop in time.
if (app.Configuration.GetValue<bool>("TestWebApp:IgnoreSigterm"))
{
    app.Lifetime.ApplicationStopping.Register(() => Thread.Sleep(Timeout.Infinite));
}

app.MapGet("/health", () => unhealthy ? Results.StatusCode(503) : Results.Text("Healthy"));
app.MapGet("/env", () => Results.Json(new
{
    workingDirectory = Environment.CurrentDirectory,
    variables = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
        .ToDictionary(e => (string)e.Key, e => (string?)e.Value),
}));
app.MapPost("/exit/{code:int}", (int code) =>
{
    _ = Task.Run(async () =>
    {
        await Task.Delay(100);
        Environment.Exit(code);
    });
    return Results.Accepted();
});

Console.WriteLine("TestWebApp started.");
app.Run();
