using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Simulator;
using TeslaSync.Simulator.Tesla;

namespace TeslaSync.ServiceTesting;

/// <summary>The simulator (Amber, Tesla, AEMO doubles) on a real loopback port, for service tests.</summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    public const string AmberToken = "sim-amber-token";
    public const string TeslaToken = "sim-tesla-token";
    public const string TeslaClientId = "sim-client-id";
    public const string TeslaClientSecret = "sim-client-secret";
    public const string AmberSiteId = "01HZDEM0S1TESA000000000001";
    public const long EnergySiteId = 2252150839614386;

    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private SimulatorServer(WebApplication app)
    {
        _app = app;
        BaseAddress = new Uri(app.Urls.First());
        _http = new HttpClient { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress { get; }

    public string AmberBaseUrl => new Uri(BaseAddress, "amber/v1").ToString();

    public string TeslaBaseUrl => new Uri(BaseAddress, "tesla").ToString();

    public string AemoBaseUrl => new Uri(BaseAddress, "aemo").ToString();

    public string TeslaAuthorizeUrl => new Uri(BaseAddress, "tesla/oauth2/v3/authorize").ToString();

    public string TeslaTokenUrl => new Uri(BaseAddress, "tesla/oauth2/v3/token").ToString();

    /// <summary>Settings that point a service at this simulator, as the launcher does in demo mode.</summary>
    public IReadOnlyDictionary<string, string> ServiceSettings => new Dictionary<string, string>
    {
        ["Amber:BaseUrl"] = AmberBaseUrl,
        ["Amber:ApiToken"] = AmberToken,
        ["Tesla:BaseUrl"] = TeslaBaseUrl,
        ["Tesla:AccessToken"] = TeslaToken,
        ["Aemo:BaseUrl"] = AemoBaseUrl,
        ["Aemo:NemWebBaseUrl"] = NemWebBaseUrl,
    };

    /// <summary>
    /// Settings for a service that signs in to the simulated Tesla with OAuth (Fleet) instead of the static demo token.
    /// The service still needs tokens: a browser sign-in, or <see cref="IssueTeslaTokensAsync"/> saved to its token store.
    /// </summary>
    public IReadOnlyDictionary<string, string> TeslaOAuthServiceSettings(string redirectUri) => new Dictionary<string, string>
    {
        ["Tesla:Provider"] = "Fleet",
        ["Tesla:BaseUrl"] = TeslaBaseUrl,
        ["Tesla:OAuth:ClientId"] = TeslaClientId,
        ["Tesla:OAuth:ClientSecret"] = TeslaClientSecret,
        ["Tesla:OAuth:RedirectUri"] = redirectUri,
        ["Tesla:OAuth:AuthorizeUrl"] = TeslaAuthorizeUrl,
        ["Tesla:OAuth:TokenUrl"] = TeslaTokenUrl,
    };

    /// <param name="time">The simulator's clock; the real one when null.</param>
    public static async Task<SimulatorServer> StartAsync(TimeProvider? time = null, params string[] configuration)
    {
        string[] args = ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. configuration];
        var app = SimulatorApp.Build(args, services =>
        {
            if (time is not null)
            {
                services.AddSingleton(time);
            }
        });
        await app.StartAsync();
        return new SimulatorServer(app);
    }

    /// <summary>Every tariff the simulated Powerwall received, oldest first, as the <c>tariff_content_v2</c> objects.</summary>
    public Task<IReadOnlyList<ReceivedTariff>> TariffUploadsAsync(CancellationToken cancellationToken = default) =>
        TariffUploadsAsync(EnergySiteId, cancellationToken);

    /// <summary>Every tariff one of the account's Powerwalls received (<c>Simulator:Tesla:SiteCount</c> &gt; 1), oldest first.</summary>
    public async Task<IReadOnlyList<ReceivedTariff>> TariffUploadsAsync(long energySiteId, CancellationToken cancellationToken = default)
    {
        var uploads = await _http.GetFromJsonAsync<JsonArray>($"sim/tesla/energy_sites/{energySiteId}/uploads", cancellationToken) ?? [];
        return uploads.Select(upload => new ReceivedTariff(
            DateTimeOffset.Parse(upload!["receivedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            upload["body"]!["tou_settings"]!["tariff_content_v2"]!.AsObject())).ToList();
    }

    /// <summary>The Amber REST responses served, oldest first.</summary>
    public async Task<IReadOnlyList<ServedAmberResponse>> AmberResponsesAsync(CancellationToken cancellationToken = default)
    {
        var served = await _http.GetFromJsonAsync<JsonArray>("sim/amber/requests", cancellationToken) ?? [];
        return served.Select(entry => new ServedAmberResponse(
            DateTimeOffset.Parse(entry!["servedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            entry["path"]!.GetValue<string>(),
            entry["query"]?.GetValue<string>() ?? string.Empty,
            entry["body"] is JsonArray body ? body : null)).ToList();
    }

    /// <summary>Queues faults, each served once to the next matching Tesla request (e.g. a 429, then normal answers).</summary>
    public Task InjectTeslaFaultsAsync(params TeslaFault[] faults) => InjectTeslaFaultsAsync(faults, CancellationToken.None);

    public async Task InjectTeslaFaultsAsync(IEnumerable<TeslaFault> faults, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("sim/tesla/faults", faults.ToArray(), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearTeslaFaultsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.DeleteAsync("sim/tesla/faults", cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Replaces the Powerwall's tariff as the Tesla app would: no upload is recorded; only a read-back notices.</summary>
    public async Task ChangeTariffBehindOurBackAsync(JsonObject tariffContentV2, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(tariffContentV2.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync($"sim/tesla/energy_sites/{EnergySiteId}/tariff", content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Turns the per-site Tesla rate limits on or off, or changes them; counters restart.</summary>
    public async Task SetTeslaRateLimitAsync(TeslaRateLimitOptions settings, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync("sim/tesla/rate_limit", settings, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The Tesla requests answered (API and OAuth), oldest first: method, path, status.</summary>
    public async Task<IReadOnlyList<TeslaServedRequest>> TeslaRequestsAsync(CancellationToken cancellationToken = default) =>
        await _http.GetFromJsonAsync<List<TeslaServedRequest>>("sim/tesla/requests", cancellationToken) ?? [];

    /// <summary>A fresh OAuth token pair for the simulated account, as if the user had just signed in.</summary>
    public async Task<IssuedTokens> IssueTeslaTokensAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsync("sim/tesla/oauth/tokens", null, cancellationToken);
        response.EnsureSuccessStatusCode();
        var tokens = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) ?? throw new InvalidOperationException("empty token answer");
        return new IssuedTokens(tokens["access_token"]!.GetValue<string>(), tokens["refresh_token"]!.GetValue<string>(), tokens["expires_in"]!.GetValue<int>());
    }

    /// <summary>The simulated Powerwall's tariff, mode and export rule, read from its site_info as a client would.</summary>
    public async Task<PowerwallState> PowerwallAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"tesla/api/1/energy_sites/{EnergySiteId}/site_info");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TeslaToken);
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var site = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["response"]!;
        return new PowerwallState(
            site["tariff_content_v2"]!.AsObject(),
            site["default_real_mode"]!.GetValue<string>(),
            site["components"]!["customer_preferred_export_rule"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The simulated NEMWeb root, for <c>Aemo:NemWebBaseUrl</c>.</summary>
    public string NemWebBaseUrl => new Uri(BaseAddress, "nemweb").ToString();

    /// <summary>Queues AEMO faults (JSON by default; NEMWeb with path <c>/nemweb/**</c>), each served once to the next matching request.</summary>
    public async Task InjectAemoFaultsAsync(params Simulator.Aemo.AemoFault[] faults)
    {
        using var response = await _http.PostAsJsonAsync("sim/aemo/faults", faults);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The AEMO faults not served yet.</summary>
    public async Task<IReadOnlyList<Simulator.Aemo.AemoFault>> PendingAemoFaultsAsync(CancellationToken cancellationToken = default) =>
        await _http.GetFromJsonAsync<List<Simulator.Aemo.AemoFault>>("sim/aemo/faults", cancellationToken) ?? [];
}

/// <summary>What the simulated Powerwall holds now: its tariff, operation mode and export rule.</summary>
public sealed record PowerwallState(JsonObject Tariff, string Mode, string ExportRule);

/// <summary>A tariff the simulated Powerwall received.</summary>
public sealed record ReceivedTariff(DateTimeOffset ReceivedAt, JsonObject TariffContentV2);

/// <summary>An Amber REST response the simulator served; <see cref="Body"/> is the interval array when it was one.</summary>
public sealed record ServedAmberResponse(DateTimeOffset ServedAt, string Path, string Query, JsonArray? Body);

/// <summary>Controls and inspection of the simulated Amber (REST faults, the live-prices WebSocket), for service tests.</summary>
public static class SimulatorServerAmberExtensions
{
    /// <summary>The live-prices WebSocket, as the launcher passes it in <c>Amber__WebSocketUrl</c>.</summary>
    public static string AmberWebSocketUrl(this SimulatorServer simulator) =>
        new UriBuilder(simulator.BaseAddress) { Scheme = "ws", Path = "/amber/ws" }.Uri.ToString();

    /// <summary>Switches the WebSocket at run time: 403 at the handshake, the push delay, or silent (ack, never push). Null leaves a setting alone.</summary>
    public static async Task<AmberWebSocketState> SetAmberWebSocketAsync(this SimulatorServer simulator, bool? forbidden = null,
        double? pushDelaySeconds = null, bool? silent = null, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        using var response = await http.PostAsJsonAsync("sim/amber/websocket",
            new Simulator.Amber.AmberWebSocketBehaviourChange(forbidden, pushDelaySeconds, silent), cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AmberWebSocketState>(cancellationToken))!;
    }

    /// <summary>The WebSocket's behaviour and counters (handshakes, refusals, subscriptions, pushes).</summary>
    public static async Task<AmberWebSocketState> AmberWebSocketStateAsync(this SimulatorServer simulator, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        return (await http.GetFromJsonAsync<AmberWebSocketState>("sim/amber/websocket", cancellationToken))!;
    }

    /// <summary>Queues Amber REST faults, each served once to the next matching request (e.g. a 429, then normal answers).</summary>
    public static async Task InjectAmberFaultsAsync(this SimulatorServer simulator, params Simulator.Amber.AmberFault[] faults)
    {
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        using var response = await http.PostAsJsonAsync("sim/amber/faults", faults);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every Amber REST request answered (faults included), oldest first, with its status.</summary>
    public static async Task<IReadOnlyList<AmberServedRequest>> AmberRequestsAsync(this SimulatorServer simulator, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        var served = await http.GetFromJsonAsync<JsonArray>("sim/amber/requests", cancellationToken) ?? [];
        return served.Select(entry => new AmberServedRequest(
            DateTimeOffset.Parse(entry!["servedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            entry["path"]!.GetValue<string>(),
            entry["query"]?.GetValue<string>() ?? string.Empty,
            entry["status"]!.GetValue<int>())).ToList();
    }
}

/// <summary>The simulated Amber WebSocket's behaviour and counters (<c>GET /sim/amber/websocket</c>).</summary>
/// <param name="LastPushWallClock">Real time of the last push (not the simulator's clock), for latency measurements.</param>
public sealed record AmberWebSocketState(bool Forbidden, double PushDelaySeconds, bool Silent, long HandshakeAttempts, long HandshakesRefused,
    long Subscriptions, int OpenConnections, long PushesSent, DateTimeOffset? LastPushWallClock);

/// <summary>An Amber REST request the simulator answered.</summary>
public sealed record AmberServedRequest(DateTimeOffset ServedAt, string Path, string Query, int Status);
