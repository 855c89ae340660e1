using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TeslaSync.ServiceTesting;
using static Microsoft.Playwright.Assertions;

namespace TeslaSync.Web.AcceptanceTests;

/// <summary>
/// The Powerwall's tariff kept as a named profile and put back: the restore must reach the
/// (simulated) Powerwall as an upload of exactly that tariff.
/// </summary>
[Collection(SignedInCollection.Name)]
public sealed class ProfilesTests(SignedInDemoSystem system)
{
    [Fact]
    public async Task CurrentTariff_SavedAsAProfileAndRestored_IsUploadedToThePowerwall()
    {
        await using var browser = await system.NewSignedInPageAsync();
        var page = browser.Page;
        using var http = new HttpClient();
        var name = $"Acceptance {Guid.NewGuid():N}"[..20];
        await browser.OpenAsync("profiles");

        await page.FillAsync("#panel-profile-save input[name=name]", name);
        await page.ClickAsync("#panel-profile-save button[type=submit]");
        await Expect(page.Locator("#panel-profile-save .form-status")).ToContainTextAsync(name);
        var row = page.Locator("#panel-profile-list tr[data-profile-id]").Filter(new() { HasText = name });
        await Expect(row).ToHaveCountAsync(1);
        var id = await row.GetAttributeAsync("data-profile-id");
        var saved = JsonNode.Parse((await browser.Api.GetJsonAsync($"api/profiles/{id}")).GetRawText())!;
        Assert.Equal(name, (string?)saved["name"]);
        Assert.Equal("powerwall", (string?)saved["source"]);
        await browser.ScreenshotAsync("profiles-saved");

        var uploadsBefore = (await Uploads(http)).Count;
        await row.Locator("button[data-action=restore]").ClickAsync();
        await page.ClickAsync("dialog.confirm-dialog button[data-choice=confirm]");
        await Expect(page.Locator("#panel-profile-list .form-status")).ToContainTextAsync(name);
        await browser.ScreenshotAsync("profiles-restored");

        // The restore's upload is new since the click and carries the profile's tariff, rate for rate.
        var upload = await Eventually.GetAsync(async () => (await Uploads(http)).Skip(uploadsBefore).LastOrDefault(), BrowserPage.Patience, "the restore's upload");
        var uploaded = upload!["body"]!["tou_settings"]!["tariff_content_v2"]!;
        var tariff = saved["tariff"]!;
        foreach (var part in new[] { "seasons", "energy_charges" })
        {
            Assert.Null(JsonSemantics.FirstDifference(tariff[part], uploaded[part], part));
        }

        Assert.Null(JsonSemantics.FirstDifference(tariff["sell_tariff"]?["energy_charges"], uploaded["sell_tariff"]?["energy_charges"], "sell_tariff.energy_charges"));
        // Restoring a profile stops Amber's prices from replacing it.
        Assert.False((await browser.Api.GetJsonAsync("api/sync/settings")).GetProperty("autoSync").GetBoolean());
        Assert.Empty(browser.Problems);
    }

    private async Task<JsonArray> Uploads(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonArray>(new Uri(system.Simulator, string.Create(
            CultureInfo.InvariantCulture, $"sim/tesla/energy_sites/{DemoSystem.EnergySiteId}/uploads"))))!;
}
