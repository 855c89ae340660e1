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
    public async Task<IReadOnlyList<ReceivedTariff>> TariffUploadsAsync(CancellationToken cancellationToken = default)
    {
        var uploads = await _http.GetFromJsonAsync<JsonArray>($"sim/tesla/energy_sites/{EnergySiteId}/uploads", cancellationToken) ?? [];
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

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A tariff the simulated Powerwall received.</summary>
public sealed record ReceivedTariff(DateTimeOffset ReceivedAt, JsonObject TariffContentV2);

/// <summary>An Amber REST response the simulator served; <see cref="Body"/> is the interval array when it was one.</summary>
public sealed record ServedAmberResponse(DateTimeOffset ServedAt, string Path, string Query, JsonArray? Body);
