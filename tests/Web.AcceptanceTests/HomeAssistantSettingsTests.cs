using TeslaSync.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace TeslaSync.Web.AcceptanceTests;

/// <summary>
/// The Home Assistant section of the settings page: what is saved is shown again after a reload, the password
/// only as "set", and it can be removed; a broker entered there connects the running system to it.
/// </summary>
[Collection(SignedInCollection.Name)]
public sealed class HomeAssistantSettingsTests(SignedInDemoSystem system)
{
    private const string Form = "#homeassistant-form";

    [Fact]
    public async Task Saved_IsShownAfterAReload_WithThePasswordOnlyAsSet_AndTheSavedPasswordCanBeRemoved()
    {
        await using var browser = await system.NewSignedInPageAsync();
        var page = browser.Page;
        await browser.OpenAsync("settings");
        await Expect(page.Locator("#homeassistant-status")).ToHaveTextAsync("Off");

        await page.FillAsync($"{Form} input[name=broker]", "");
        await page.FillAsync($"{Form} input[name=username]", "teslasync");
        await page.FillAsync($"{Form} input[name=password]", "acceptance-secret");
        await page.FillAsync($"{Form} input[name=discoveryPrefix]", "/homeassistant");
        await page.ClickAsync($"{Form} button[type=submit]");
        await Expect(page.Locator($"{Form} [data-field=discoveryPrefix] .field-error")).ToBeVisibleAsync();

        await page.FillAsync($"{Form} input[name=discoveryPrefix]", "homeassistant");
        await page.ClickAsync($"{Form} button[type=submit]");
        await Expect(page.Locator($"{Form} .form-status")).ToContainTextAsync("Saved");

        await page.ReloadAsync();
        await browser.WaitForPageAsync("settings");
        Assert.Equal("teslasync", await page.Locator($"{Form} input[name=username]").InputValueAsync());
        Assert.Equal("", await page.Locator($"{Form} input[name=password]").InputValueAsync());
        await Expect(page.Locator($"{Form} [data-password-set=true]")).ToHaveTextAsync("Password set");
        await browser.ScreenshotAsync("settings-homeassistant");

        await page.CheckAsync($"{Form} input[name=clearPassword]");
        await page.FillAsync($"{Form} input[name=username]", "");
        await page.ClickAsync($"{Form} button[type=submit]");
        await Expect(page.Locator($"{Form} .form-status")).ToContainTextAsync("Saved");
        var stored = await browser.Api.GetJsonAsync("api/settings/homeassistant");
        Assert.False(stored.GetProperty("passwordSet").GetBoolean());
        Assert.False(stored.GetProperty("enabled").GetBoolean());
        // Chromium logs the refused save's 400 as a failed resource; nothing else may go wrong.
        Assert.DoesNotContain(browser.Problems, p => !p.Contains("status of 400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABrokerEnteredOnThePage_ConnectsTheRunningSystem_AndHomeAssistantGetsItsEntities()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var homeAssistant = await MqttProbe.ConnectAsync(broker.Host, broker.Port, "homeassistant/#", "teslasync/#");
        await using var browser = await system.NewSignedInPageAsync();
        var page = browser.Page;
        await browser.OpenAsync("settings");

        await page.FillAsync($"{Form} input[name=broker]", broker.Host);
        await page.FillAsync($"{Form} input[name=port]", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync($"{Form} button[type=submit]");
        await Expect(page.Locator("#homeassistant-status")).ToContainTextAsync("Connected", new() { Timeout = 30_000 });

        var price = await homeAssistant.WaitForAsync(m => m.Topic.EndsWith("/current_electricity_price/state", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.True(decimal.TryParse(price.Payload, System.Globalization.CultureInfo.InvariantCulture, out _), price.Payload);
        var config = await homeAssistant.WaitForAsync(m => m.Topic.EndsWith("/auto_sync_tou_schedule/config", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.True(config.Retain);

        // Off again: the bridge says goodbye, and the other tests see the system as it was.
        await page.FillAsync($"{Form} input[name=broker]", "");
        await page.ClickAsync($"{Form} button[type=submit]");
        await Expect(page.Locator("#homeassistant-status")).ToHaveTextAsync("Off");
        await homeAssistant.WaitForAsync(m => m.Topic.EndsWith("/availability", StringComparison.Ordinal) && m.Payload == "offline", TimeSpan.FromSeconds(30));
    }
}
