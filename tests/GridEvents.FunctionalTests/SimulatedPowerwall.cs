using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TeslaSync.ServiceTesting;

namespace TeslaSync.GridEvents.FunctionalTests;

/// <summary>The four settings TeslaSync may take over from the user, as the simulated Powerwall reports them.</summary>
internal sealed record PowerwallSettings(JsonObject Tariff, string Mode, string ExportRule, bool GridChargingAllowed)
{
    public string TariffCode => (string?)Tariff["code"] ?? string.Empty;

    public bool SameAs(PowerwallSettings other) =>
        JsonNode.DeepEquals(Tariff, other.Tariff) && (Mode, ExportRule, GridChargingAllowed) == (other.Mode, other.ExportRule, other.GridChargingAllowed);

    public override string ToString() => $"{TariffCode}, {Mode}, export {ExportRule}, grid charging {(GridChargingAllowed ? "allowed" : "blocked")}";
}

/// <summary>
/// The simulated Powerwall seen through its Tesla API, as the Tesla app would see it: all four
/// settings an override may take (the shared helper reads three), changes the user makes in the
/// app, and the writes (POSTs) it received.
/// </summary>
internal sealed class SimulatedPowerwall(SimulatorServer simulator) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = simulator.BaseAddress };

    private string SiteRoot => $"tesla/api/1/energy_sites/{SimulatorServer.EnergySiteId}";

    public async Task<PowerwallSettings> SettingsAsync()
    {
        using var request = Request(HttpMethod.Get, "site_info");
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var site = (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["response"]!;
        var components = site["components"]!;
        return new PowerwallSettings(
            site["tariff_content_v2"]!.AsObject(),
            site["default_real_mode"]!.GetValue<string>(),
            components["customer_preferred_export_rule"]!.GetValue<string>(),
            components["disallow_charge_from_grid_with_solar_installed"]?.GetValue<bool>() != true);
    }

    public Task<PowerwallSettings> SettingsAsync(Func<PowerwallSettings, bool> matches, string what) =>
        Eventually.GetAsync(async () =>
        {
            var settings = await SettingsAsync();
            return matches(settings) ? settings : null;
        }, GridHost.Patience, what);

    /// <summary>The user picks an export rule in the Tesla app (so it is theirs, not the simulator's default).</summary>
    public async Task SetExportRuleAsUserAsync(string rule)
    {
        using var request = Request(HttpMethod.Post, "grid_import_export");
        request.Content = JsonContent.Create(new JsonObject { ["customer_preferred_export_rule"] = rule });
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every command (POST) the Powerwall's API answered so far, oldest first, as "path-tail": e.g. "grid_import_export".</summary>
    public async Task<IReadOnlyList<string>> WritesAsync() =>
        (await simulator.TeslaRequestsAsync(TestContext.Current.CancellationToken))
            .Where(r => r.Method == "POST" && r.Path.Contains("/energy_sites/", StringComparison.Ordinal))
            .Select(r => r.Path[(r.Path.LastIndexOf('/') + 1)..])
            .ToList();

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage Request(HttpMethod method, string tail)
    {
        var request = new HttpRequestMessage(method, $"{SiteRoot}/{tail}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorServer.TeslaToken);
        return request;
    }
}
