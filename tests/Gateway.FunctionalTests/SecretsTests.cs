using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace TeslaSync.Gateway.FunctionalTests;

/// <summary>Nothing the Gateway answers with contains a password or its hash.</summary>
public sealed class SecretsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryGetEndpoint_SignedIn_NeverReturnsThePasswordOrItsHash()
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = await gateway.CreateSignedInClientAsync();
        var hash = await StoredHashAsync(Path.Combine(gateway.DataDirectory, "users.db"));
        var document = JsonNode.Parse(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct))!;
        // Every GET the API documents (new ones included), with a placeholder for route values; the live stream never ends.
        var paths = document["paths"]!.AsObject()
            .Where(p => p.Value!["get"] is not null && p.Key != "/api/events")
            .Select(p => System.Text.RegularExpressions.Regex.Replace(p.Key, "{[^}]+}", "1"))
            .Concat(["/", "/health"])
            .ToList();
        Assert.Contains("/api/auth/state", paths);
        Assert.Contains("/api/status", paths);

        foreach (var path in paths)
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value));

            foreach (var secret in new[] { SignedInClient.Password, hash, "passwordHash" })
            {
                Assert.False(body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"GET {path} returned a secret in its body.");
                Assert.False(headers.Contains(secret, StringComparison.OrdinalIgnoreCase), $"GET {path} returned a secret in a header.");
            }
        }
    }

    [Fact]
    public async Task StoredUser_KeepsOnlyAnIdentityHashOfThePassword()
    {
        await using var gateway = GatewayHost.WithFakes();
        (await gateway.CreateSignedInClientAsync()).Dispose();

        var hash = await StoredHashAsync(Path.Combine(gateway.DataDirectory, "users.db"));

        Assert.DoesNotContain(SignedInClient.Password, hash, StringComparison.Ordinal);
        // Identity's version 3 format: marker byte 0x01, then PRF, iteration count, salt and subkey.
        Assert.Equal(0x01, Convert.FromBase64String(hash)[0]);
    }

    private static async Task<string> StoredHashAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT PasswordHash FROM users";
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }
}
