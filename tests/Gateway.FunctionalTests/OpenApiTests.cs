using System.Text.Json.Nodes;

namespace TeslaSync.Gateway.FunctionalTests;

public sealed class OpenApiTests
{
    [Fact]
    public async Task OpenApiDocument_DescribesEveryEndpointWithANameAndSummary()
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = gateway.CreateClient();

        var document = JsonNode.Parse(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken))!;

        var paths = document["paths"]!.AsObject();
        var expected = new (string Path, string Method, string OperationId)[]
        {
            ("/api/status", "get", "GetStatus"),
            ("/api/prices/current", "get", "GetCurrentPrices"),
            ("/api/prices/forecast", "get", "GetPriceForecast"),
            ("/api/prices/history", "get", "GetPriceHistory"),
            ("/api/tariff", "get", "GetCurrentTariff"),
            ("/api/sync/last", "get", "GetLastSync"),
            ("/api/sync", "post", "SyncNow"),
            ("/api/sync/settings", "get", "GetSyncSettings"),
            ("/api/sync/settings", "put", "SetAutoSync"),
            ("/api/budget", "get", "GetApiBudget"),
            ("/api/grid/status", "get", "GetGridStatus"),
            ("/api/grid/events", "get", "GetGridEventLog"),
            ("/api/grid/force", "post", "StartForce"),
            ("/api/grid/force", "delete", "CancelForce"),
            ("/api/powerwall/live", "get", "GetLiveStatus"),
            ("/api/energy/history", "get", "GetEnergyHistory"),
            ("/api/energy/summary", "get", "GetEnergySummary"),
            ("/api/costs", "get", "GetCosts"),
            ("/api/bill", "get", "GetBillEstimate"),
            ("/api/events", "get", "StreamEvents"),
            ("/api/settings/grid", "get", "GetGridSettings"),
            ("/api/settings/grid", "put", "UpdateGridSettings"),
            ("/api/profiles", "get", "ListProfiles"),
            ("/api/profiles", "post", "SaveCurrentTariffAsProfile"),
            ("/api/profiles/{id}", "get", "GetProfile"),
            ("/api/profiles/{id}", "delete", "DeleteProfile"),
            ("/api/profiles/custom/validate", "post", "ValidateCustomTariff"),
            ("/api/profiles/custom", "post", "SaveCustomTariffProfile"),
            ("/api/profiles/{id}/restore", "post", "RestoreProfile"),
            ("/api/profiles/{id}/default", "put", "SetDefaultProfile"),
            ("/api/settings/accounts", "get", "GetAccounts"),
            ("/api/settings/amber", "put", "UpdateAmberSettings"),
            ("/api/settings/tesla", "put", "UpdateTeslaSettings"),
            ("/api/settings/tesla/signin", "post", "BeginTeslaSignIn"),
            ("/api/settings/tesla/callback", "get", "CompleteTeslaSignIn"),
            ("/api/settings/tesla/signout", "post", "SignOutTesla"),
            ("/api/settings/homeassistant", "get", "GetHomeAssistantSettings"),
            ("/api/settings/homeassistant", "put", "UpdateHomeAssistantSettings"),
            ("/api/logs", "get", "GetLogs"),
            ("/api/logs/download", "get", "DownloadLogs"),
            ("/api/auth/state", "get", "GetAuthState"),
            ("/api/auth/antiforgery", "get", "GetAntiforgeryToken"),
            ("/api/auth/setup", "post", "SetUpUser"),
            ("/api/auth/login", "post", "SignIn"),
            ("/api/auth/logout", "post", "SignOut"),
        };
        foreach (var (path, method, operationId) in expected)
        {
            var operation = paths[path]?[method];
            Assert.True(operation is not null, $"{method.ToUpperInvariant()} {path} is not in the document.");
            Assert.Equal(operationId, (string?)operation["operationId"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)operation["summary"]), $"{operationId} has no summary.");
        }

        // Every /api operation in the document is one of the above.
        var documented = paths.Where(p => p.Key.StartsWith("/api/", StringComparison.Ordinal)).Sum(p => p.Value!.AsObject().Count);
        Assert.Equal(expected.Length, documented);
    }
}
