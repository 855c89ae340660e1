using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace TeslaSync.Simulator.Tests;

/// <summary>The simulator on a real loopback port with a fake clock, one per test.</summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    public const string AmberToken = "sim-amber-token";
    public const string TeslaToken = "sim-tesla-token";
    public const string SiteId = "01HZDEM0S1TESA000000000001";
    public const long EnergySiteId = 2252150839614386;

    /// <summary>Monday 2026-11-23 13:02 NEM time: mid-interval (estimate true), an hour after the replayed SA1 15,100 $/MWh spike (12:15–12:20).</summary>
    public static readonly DateTimeOffset MondayAfterSpike = new(2026, 11, 23, 13, 2, 0, TimeSpan.FromHours(10));

    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, FakeTimeProvider time, Uri baseAddress)
    {
        _app = app;
        Time = time;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    public FakeTimeProvider Time { get; }

    /// <summary>The simulator's services (e.g. its <c>PowerwallModel</c>, to compare what it serves with its own counters).</summary>
    public IServiceProvider Services => _app.Services;

    public Uri BaseAddress { get; }

    /// <summary>A client without credentials; use the helpers to add them.</summary>
    public HttpClient Http { get; }

    public static async Task<SimulatorHost> StartAsync(DateTimeOffset now, params string[] configuration)
    {
        var time = new FakeTimeProvider(now);
        string[] args = ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. configuration];
        var app = SimulatorApp.Build(args, services => services.AddSingleton<TimeProvider>(time));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new SimulatorHost(app, time, new Uri(app.Urls.First()));
    }

    public Task<HttpResponseMessage> AmberGetAsync(string path, string? token = AmberToken) => SendAsync(HttpMethod.Get, path, token, null);

    public Task<HttpResponseMessage> TeslaGetAsync(string path, string? token = TeslaToken) => SendAsync(HttpMethod.Get, path, token, null);

    public Task<HttpResponseMessage> TeslaPostAsync(string path, string json, string? token = TeslaToken) =>
        SendAsync(HttpMethod.Post, path, token, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public async Task<JsonElement> GetJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>GET, assert 200, parse.</summary>
    public async Task<JsonElement> AmberJsonAsync(string path)
    {
        using var response = await AmberGetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await GetJsonAsync(response);
    }

    public async Task<JsonElement> TeslaJsonAsync(string path)
    {
        using var response = await TeslaGetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await GetJsonAsync(response)).GetProperty("response");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

/// <summary>Small JSON helpers for shape assertions.</summary>
public static class JsonShape
{
    public static string[] Keys(JsonElement obj) => [.. obj.EnumerateObject().Select(p => p.Name)];

    public static JsonElement ReadFixture(params string[] parts)
    {
        using var doc = JsonDocument.Parse(TeslaSync.TestSupport.SharedFolder.ReadFixture(parts));
        return doc.RootElement.Clone();
    }
}
