using System.Text;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.ServiceTesting;

namespace TeslaSync.TariffSync.FunctionalTests;

/// <summary>
/// The settings page's Tesla side against the simulated Powerwall: a Teslemetry token entered there is
/// checked with Tesla, stored encrypted, used at once and after a restart; the time zone can be overridden.
/// </summary>
public sealed class SiteSettingsTests : IAsyncDisposable
{
    /// <summary>A token the simulated Tesla does not accept.</summary>
    private const string RefusedToken = "teslemetry-token-that-was-revoked";

    // One data folder for every start of the service in a test, so a restart finds what the last run stored.
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("teslasync-site-settings-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; a leftover temp folder is harmless.
        }

        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task UpdateSiteSettings_TokenTeslaAccepts_IsStoredEncryptedUsedAtOnceAndAfterARestart()
    {
        await using (var host = await StartAsync(("Tesla:AccessToken", RefusedToken)))
        {
            var before = await host.Client.GetSiteSettingsAsync(new GetSiteSettingsRequest(), cancellationToken: Ct);
            Assert.True(before.Account.TokenSet);
            Assert.Equal("unknown", before.TimeZoneSource); // Tesla refuses the configured token, so the Powerwall's zone cannot be read

            var updated = await host.Client.UpdateSiteSettingsAsync(new UpdateSiteSettingsRequest { TeslemetryToken = SimulatorServer.TeslaToken }, cancellationToken: Ct);

            Assert.True(updated.Account.TokenSet);
            Assert.Equal(("Australia/Adelaide", "tesla-site"), (updated.TimeZone, updated.TimeZoneSource));
            // The next Tesla calls use it: a tariff sync goes through, and readers are handed the new token.
            await host.PublishAsync(TariffSyncHost.HalfHourPrices(DateTimeOffset.UtcNow, _ => 0.3m, _ => -0.05m));
            await host.LastSyncAsync(o => o.Status == SyncStatus.Succeeded);
            Assert.Equal(SimulatorServer.TeslaToken, (await host.Client.GetTeslaAccessAsync(new GetTeslaAccessRequest(), cancellationToken: Ct)).AccessToken);
        }

        // Stored, but never in plain text: not in the database (or its journal), not in the key ring.
        SqliteConnection.ClearAllPools();
        AssertNoFileContains(SimulatorServer.TeslaToken);

        // The configuration still holds the refused token; the stored one wins after a restart.
        await using (var restarted = await StartAsync(("Tesla:AccessToken", RefusedToken)))
        {
            Assert.Equal(SimulatorServer.TeslaToken, (await restarted.Client.GetTeslaAccessAsync(new GetTeslaAccessRequest(), cancellationToken: Ct)).AccessToken);
            var settings = await restarted.Client.GetSiteSettingsAsync(new GetSiteSettingsRequest(), cancellationToken: Ct);
            Assert.Equal("tesla-site", settings.TimeZoneSource);
        }
    }

    [Fact]
    public async Task UpdateSiteSettings_TokenTeslaRefuses_IsRefusedAndTheStoredTokenKept()
    {
        await using var host = await StartAsync(("Tesla:AccessToken", RefusedToken));
        await host.Client.UpdateSiteSettingsAsync(new UpdateSiteSettingsRequest { TeslemetryToken = SimulatorServer.TeslaToken }, cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.UpdateSiteSettingsAsync(
            new UpdateSiteSettingsRequest { TeslemetryToken = RefusedToken, TimeZone = "Australia/Perth" }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("teslemetryToken", error.Trailers.GetValue("field"));
        Assert.Contains("Tesla refused this token", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(RefusedToken, error.Status.Detail, StringComparison.Ordinal);
        // Nothing of the refused change was applied.
        Assert.Equal(SimulatorServer.TeslaToken, (await host.Client.GetTeslaAccessAsync(new GetTeslaAccessRequest(), cancellationToken: Ct)).AccessToken);
        var settings = await host.Client.GetSiteSettingsAsync(new GetSiteSettingsRequest(), cancellationToken: Ct);
        Assert.Equal(("Australia/Adelaide", "tesla-site"), (settings.TimeZone, settings.TimeZoneSource));
    }

    [Fact]
    public async Task UpdateSiteSettings_TimeZone_IsUsedForTheTariffReportedAsTheSettingAndClearsBackToThePowerwalls()
    {
        await using var host = await StartAsync();
        var automatic = await host.Client.GetSiteSettingsAsync(new GetSiteSettingsRequest(), cancellationToken: Ct);
        Assert.Equal(("Australia/Adelaide", "tesla-site"), (automatic.TimeZone, automatic.TimeZoneSource));

        var overridden = await host.Client.UpdateSiteSettingsAsync(new UpdateSiteSettingsRequest { TimeZone = "Australia/Perth" }, cancellationToken: Ct);
        Assert.Equal(("Australia/Perth", "setting"), (overridden.TimeZone, overridden.TimeZoneSource));
        await host.PublishAsync(TariffSyncHost.HalfHourPrices(DateTimeOffset.UtcNow, _ => 0.3m, _ => -0.05m));
        await host.LastSyncAsync(o => o.Status == SyncStatus.Succeeded);
        Assert.Equal("Australia/Perth", (await host.Client.GetCurrentTariffAsync(new GetCurrentTariffRequest(), cancellationToken: Ct)).TimeZone);

        var cleared = await host.Client.UpdateSiteSettingsAsync(new UpdateSiteSettingsRequest { TimeZone = "" }, cancellationToken: Ct);
        Assert.Equal(("Australia/Adelaide", "tesla-site"), (cleared.TimeZone, cleared.TimeZoneSource));
    }

    [Fact]
    public async Task UpdateSiteSettings_TimeZoneConfigured_TheSettingWinsAndClearingReturnsToTheConfiguration()
    {
        await using var host = await StartAsync(("Site:TimeZone", "Australia/Brisbane"));
        Assert.Equal("configuration", (await host.Client.GetSiteSettingsAsync(new GetSiteSettingsRequest(), cancellationToken: Ct)).TimeZoneSource);

        var overridden = await host.Client.UpdateSiteSettingsAsync(new UpdateSiteSettingsRequest { TimeZone = "Australia/Hobart" }, cancellationToken: Ct);
        Assert.Equal(("Australia/Hobart", "setting"), (overridden.TimeZone, overridden.TimeZoneSource));

        var cleared = await host.Client.UpdateSiteSettingsAsync(new UpdateSiteSettingsRequest { TimeZone = "" }, cancellationToken: Ct);
        Assert.Equal(("Australia/Brisbane", "configuration"), (cleared.TimeZone, cleared.TimeZoneSource));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("AUS Central Standard Time")] // a Windows id: the tariff needs an IANA one
    [InlineData("+09:30")]
    public async Task UpdateSiteSettings_NotAnIanaZone_IsRefusedNamingTheField(string zone)
    {
        await using var host = await StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.UpdateSiteSettingsAsync(
            new UpdateSiteSettingsRequest { TimeZone = zone }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("timeZone", error.Trailers.GetValue("field"));
        Assert.Equal("tesla-site", (await host.Client.GetSiteSettingsAsync(new GetSiteSettingsRequest(), cancellationToken: Ct)).TimeZoneSource);
    }

    [Fact]
    public async Task UpdateSiteSettings_TokenWhileSignedInWithFleetOAuth_SaysToSignInInstead()
    {
        await using var host = await TariffSyncHost.StartAsync(settings: simulator =>
            new Dictionary<string, string>(simulator.TeslaOAuthServiceSettings("http://127.0.0.1:5180/api/settings/tesla/callback"))
            {
                ["Tesla:AccessToken"] = "",
                ["Storage:DataDirectory"] = _dataDirectory,
            });

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.UpdateSiteSettingsAsync(
            new UpdateSiteSettingsRequest { TeslemetryToken = SimulatorServer.TeslaToken }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("teslemetryToken", error.Trailers.GetValue("field"));
        Assert.False((await host.Client.GetTeslaAccountAsync(new GetTeslaAccountRequest(), cancellationToken: Ct)).TokenSet);
    }

    private Task<TariffSyncHost> StartAsync(params (string Key, string Value)[] overrides) =>
        TariffSyncHost.StartAsync(settings: _ =>
        {
            var settings = new Dictionary<string, string> { ["Storage:DataDirectory"] = _dataDirectory };
            foreach (var (key, value) in overrides)
            {
                settings[key] = value;
            }

            return settings;
        });

    private void AssertNoFileContains(string secret)
    {
        var files = Directory.EnumerateFiles(_dataDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("tariffs.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".xml", StringComparison.Ordinal)); // the Data Protection key ring
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0 || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) >= 0,
                $"{Path.GetFileName(file)} holds the token in plain text.");
        }
    }
}
