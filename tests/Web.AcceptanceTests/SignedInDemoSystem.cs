using System.Text.Json;
using Microsoft.Playwright;

namespace TeslaSync.Web.AcceptanceTests;

/// <summary>
/// A demo system whose one user was created through the API (the first-run form has its own test),
/// with that user's cookies kept so every test's browser context starts signed in.
/// </summary>
public sealed class SignedInDemoSystem : DemoSystem
{
    public const string UserName = "owner";
    public const string Password = "correct horse battery staple";

    private string storageState = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var context = await Browser.NewContextAsync(new() { BaseURL = Gateway.ToString() });
        var api = new GatewayApi(context.APIRequest);
        var setup = await api.PostAsync("api/auth/setup", new { userName = UserName, password = Password });
        if (setup.Status != 204)
        {
            throw new InvalidOperationException($"Creating the user answered {setup.Status}: {await setup.TextAsync()}");
        }

        storageState = await context.StorageStateAsync();
    }

    /// <summary>A page in a new context carrying the signed-in user's cookies.</summary>
    public Task<BrowserPage> NewSignedInPageAsync(ViewportSize? viewport = null) => NewPageAsync(storageState, viewport);
}

/// <summary>
/// REST calls with a browser context's cookies (Playwright shares them between the context's pages
/// and its request API), adding the antiforgery header the Gateway requires on unsafe methods.
/// </summary>
public sealed class GatewayApi(IAPIRequestContext request)
{
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await request.GetAsync(path);
        if (!response.Ok)
        {
            throw new InvalidOperationException($"GET {path} answered {response.Status}: {await response.TextAsync()}");
        }

        return (await response.JsonAsync())!.Value;
    }

    public async Task<IAPIResponse> PostAsync(string path, object body)
    {
        // The token is bound to the user, so it is fetched afresh for every call rather than kept across a sign-in.
        var antiforgery = await GetJsonAsync("api/auth/antiforgery");
        return await request.PostAsync(path, new()
        {
            DataObject = body,
            Headers = new Dictionary<string, string>
            {
                [antiforgery.GetProperty("headerName").GetString()!] = antiforgery.GetProperty("token").GetString()!,
            },
        });
    }
}
