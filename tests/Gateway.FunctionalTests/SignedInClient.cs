using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using TeslaSync.ServiceTesting;
using GatewayAssembly = TeslaSync.Gateway.ServiceAssembly;

namespace TeslaSync.Gateway.FunctionalTests;

/// <summary>
/// A client signed in to the Gateway as a browser would be: the auth and anti-forgery cookies in its
/// cookie container, and the anti-forgery token for the signed-in user in every request's X-XSRF-TOKEN header.
/// </summary>
internal static class SignedInClient
{
    public const string UserName = "owner";
    public const string Password = "correct horse battery staple";
    public const string TokenHeader = "X-XSRF-TOKEN";

    /// <summary>Creates the user on first use (signing in), or signs in when it exists already.</summary>
    public static async Task<HttpClient> CreateSignedInClientAsync(
        this ServiceFactory<GatewayAssembly> gateway, string userName = UserName, string password = Password, CookieContainer? cookies = null)
    {
        // A container of our own when given, so a test can carry the cookies to another host.
        var http = cookies is null ? gateway.CreateClient() : gateway.CreateDefaultClient(new CookieContainerHandler(cookies));
        await http.UseAntiforgeryTokenAsync();
        using var setup = await http.PostAsJsonAsync("/api/auth/setup", new { userName, password });
        if (setup.StatusCode == HttpStatusCode.Conflict)
        {
            using var login = await http.PostAsJsonAsync("/api/auth/login", new { userName, password });
            await EnsureAsync(login, "sign in");
        }
        else
        {
            await EnsureAsync(setup, "set up the user");
        }

        // The token is bound to the user, so the one from before signing in no longer passes.
        await http.UseAntiforgeryTokenAsync();
        return http;
    }

    /// <summary>Fetches an anti-forgery token (and its cookie) and sends it on every later request.</summary>
    public static async Task<string> UseAntiforgeryTokenAsync(this HttpClient http)
    {
        var token = await http.GetAntiforgeryTokenAsync();
        http.DefaultRequestHeaders.Remove(TokenHeader);
        http.DefaultRequestHeaders.Add(TokenHeader, token);
        return token;
    }

    public static async Task<string> GetAntiforgeryTokenAsync(this HttpClient http)
    {
        var body = await http.GetFromJsonAsync<JsonObject>("/api/auth/antiforgery");
        Assert.Equal(TokenHeader, (string?)body!["headerName"]);
        return (string?)body["token"] ?? throw new InvalidOperationException("No anti-forgery token in the answer.");
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException(
                $"Could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
