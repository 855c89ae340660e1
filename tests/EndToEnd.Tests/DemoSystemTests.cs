using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;

namespace TeslaSync.EndToEnd.Tests;

/// <summary>
/// The whole system as a user runs it: the launcher starts Redis, the simulator and every service
/// as real processes, and the simulated Powerwall must receive a tariff whose rates are the prices
/// the simulated Amber served, converted by the rules written out independently below.
/// </summary>
public sealed class DemoSystemTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunInDemoMode_FirstPriceUpdate_ReachesThePowerwallAsATariffWithThoseRates()
    {
        await using var host = AppHostProcess.Start(AppHostAssembly(), arguments: [$"--Gateway:Port={FreePort.Next()}"]);
        var ready = await host.WaitUntilReadyAsync();
        var state = host.ReadState();
        var gateway = new Uri(ready["TeslaSync is ready: ".Length..].Trim());
        var simulator = new Uri((string)state["resources"]!["simulator"]!["endpoints"]!["http"]!);
        using var http = new HttpClient();

        var upload = await Eventually.GetAsync(async () =>
            (await http.GetFromJsonAsync<JsonArray>(new Uri(simulator, "sim/tesla/energy_sites/2252150839614386/uploads")))!.FirstOrDefault(),
            Patience, "the first tariff upload");
        var served = (await http.GetFromJsonAsync<JsonArray>(new Uri(simulator, "sim/amber/requests"), TestContext.Current.CancellationToken))!
            .Where(r => ((string)r!["path"]!).EndsWith("/prices/current", StringComparison.Ordinal))
            .Last(r => Instant(r!["servedAt"]!) <= Instant(upload!["receivedAt"]!))!;

        var expected = ExpectedTariff.From(served["body"]!.AsArray(), Instant(served["servedAt"]!), "Australia/Adelaide");
        var tariff = upload!["body"]!["tou_settings"]!["tariff_content_v2"]!;
        var buy = tariff["energy_charges"]!["Summer"]!["rates"]!.AsObject();
        var sell = tariff["sell_tariff"]!["energy_charges"]!["Summer"]!["rates"]!.AsObject();
        Assert.Equal(48, buy.Count);
        Assert.Equal(48, expected.Count);
        foreach (var (period, rates) in expected)
        {
            Assert.True(rates.Buy == (decimal)buy[period]!, $"{period} buy: expected {rates.Buy}, Powerwall has {buy[period]}");
            Assert.True(rates.Sell == (decimal)sell[period]!, $"{period} sell: expected {rates.Sell}, Powerwall has {sell[period]}");
        }

        // The API is the signed-in user's only: first run creates the user, as the setup page would.
        using (var anonymous = await http.GetAsync(new Uri(gateway, "api/status"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var browser = await SignedInBrowserAsync(gateway);
        var status = await Eventually.GetAsync(async () =>
        {
            var body = await browser.GetFromJsonAsync<JsonObject>(new Uri(gateway, "api/status"));
            return (string?)body?["lastSync"]?["status"] == "succeeded" ? body : null;
        }, Patience, "the gateway to report the sync");
        Assert.True((bool)status["demoMode"]!);
        Assert.All(status["services"]!.AsObject(), service => Assert.Equal("healthy", (string?)service.Value));
        Assert.NotNull(status["prices"]!["current"]);

        // Ctrl+C: everything stops, nothing of ours is left running.
        var children = host.Children();
        Assert.NotEmpty(children);
        host.Signal(ProcessTable.SIGINT);
        Assert.Equal(0, await host.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain(children, ProcessTable.IsRunning);
    }

    /// <summary>A client that keeps cookies, has set up the user and sends its anti-forgery token, as the dashboard does.</summary>
    private static async Task<HttpClient> SignedInBrowserAsync(Uri gateway)
    {
        var ct = TestContext.Current.CancellationToken;
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = gateway };
        await UseAntiforgeryTokenAsync(browser, ct);
        using var setup = await browser.PostAsJsonAsync("api/auth/setup", new { userName = "owner", password = "correct horse battery staple" }, ct);
        Assert.Equal(HttpStatusCode.NoContent, setup.StatusCode);
        // The token is bound to the user: fetch the signed-in one.
        await UseAntiforgeryTokenAsync(browser, ct);
        return browser;
    }

    private static async Task UseAntiforgeryTokenAsync(HttpClient browser, CancellationToken ct)
    {
        var antiforgery = await browser.GetFromJsonAsync<JsonObject>("api/auth/antiforgery", ct);
        var header = (string)antiforgery!["headerName"]!;
        browser.DefaultRequestHeaders.Remove(header);
        browser.DefaultRequestHeaders.Add(header, (string)antiforgery["token"]!);
    }

    private static DateTimeOffset Instant(JsonNode node) => DateTimeOffset.Parse((string)node!, CultureInfo.InvariantCulture);

    /// <summary>The launcher built with the same configuration as these tests.</summary>
    private static string AppHostAssembly()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var path = Path.Combine(RepositoryRoot.Path, "src", "AppHost", "bin", configuration, "net10.0", "TeslaSync.AppHost.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("The AppHost was not built with the tests.", path);
    }
}

/// <summary>
/// The tariff SPEC §2 says Amber's prices become, computed here straight from Amber's JSON
/// (not with the production code): each interval starts at nemTime − duration, is bucketed by its
/// local start; Current and Forecast intervals use advancedPrice.predicted, Actual ones perKwh;
/// c/kWh ÷ 100; sell = −feed-in; negatives clamp to 0; buy is raised to sell; 4 decimals. The 48
/// half-hours from the one containing "now" each take the first price that falls in them.
/// </summary>
internal static class ExpectedTariff
{
    public static Dictionary<string, (decimal Buy, decimal Sell)> From(JsonArray amber, DateTimeOffset now, string timeZoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var buy = PricesByPeriod(amber, "general", zone, now, sign: 1m);
        var sell = PricesByPeriod(amber, "feedIn", zone, now, sign: -1m);
        return buy.Keys.ToDictionary(period => period, period =>
        {
            var s = Round(Math.Max(0m, sell[period]));
            var b = Round(Math.Max(0m, buy[period]));
            return (Math.Max(b, s), s);
        });
    }

    private static Dictionary<string, decimal> PricesByPeriod(JsonArray amber, string channel, TimeZoneInfo zone, DateTimeOffset now, decimal sign)
    {
        var windowStart = Floor(now);
        var result = new Dictionary<string, decimal>();
        foreach (var interval in amber.Where(i => (string)i!["channelType"]! == channel))
        {
            var end = DateTimeOffset.Parse((string)interval!["nemTime"]!, CultureInfo.InvariantCulture);
            var start = end.AddMinutes(-(int)interval["duration"]!);
            if (start < windowStart || start >= windowStart.AddHours(24))
            {
                continue;
            }

            var local = TimeZoneInfo.ConvertTime(start, zone);
            var period = string.Create(CultureInfo.InvariantCulture, $"PERIOD_{local.Hour:00}_{(local.Minute < 30 ? 0 : 30):00}");
            var cents = (string)interval["type"]! == "ActualInterval" || interval["advancedPrice"] is null
                ? (decimal)interval["perKwh"]!
                : (decimal)interval["advancedPrice"]!["predicted"]!;
            result.TryAdd(period, sign * cents / 100m);
        }

        return result;
    }

    private static DateTimeOffset Floor(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.FromMinutes(30).Ticks), TimeSpan.Zero);

    private static decimal Round(decimal value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);
}
