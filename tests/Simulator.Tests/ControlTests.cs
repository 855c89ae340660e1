using System.Net;

namespace TeslaSync.Simulator.Tests;

public sealed class ControlTests
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task HealthEndpoints_Running_Return200(string path)
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var response = await host.Http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SimState_AfterCommands_SummarisesSettings()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var op = await host.TeslaPostAsync("/tesla/api/1/energy_sites/2252150839614386/operation", """{"default_real_mode":"autonomous"}""");
        using var prices = await host.AmberGetAsync($"/amber/v1/sites/{SimulatorHost.SiteId}/prices/current");

        using var response = await host.Http.GetAsync("/sim/state", TestContext.Current.CancellationToken);
        var state = await host.GetJsonAsync(response);
        Assert.Equal("autonomous", state.GetProperty("tesla").GetProperty("defaultRealMode").GetString());
        Assert.Equal(SimulatorHost.EnergySiteId, state.GetProperty("tesla").GetProperty("energySiteId").GetInt64());
        Assert.Equal(1, state.GetProperty("amber").GetProperty("requestsServed").GetInt64());
        Assert.Equal("SA1", state.GetProperty("amber").GetProperty("region").GetString());

        using var reset = await host.Http.PostAsync("/sim/reset", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        using var after = await host.Http.GetAsync("/sim/state", TestContext.Current.CancellationToken);
        Assert.Equal("self_consumption", (await host.GetJsonAsync(after)).GetProperty("tesla").GetProperty("defaultRealMode").GetString());
    }

    [Fact]
    public async Task Build_KestrelEndpointConfiguration_Honoured()
    {
        // The launcher passes Kestrel__Endpoints__http__Url; as configuration it is Kestrel:Endpoints:http:Url.
        await using var app = SimulatorApp.Build(["--Kestrel:Endpoints:http:Url=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = Assert.Single(app.Urls);
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
        Assert.NotEqual(0, new Uri(address).Port);

        using var http = new HttpClient { BaseAddress = new Uri(address) };
        using var response = await http.GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }
}
