using System.Text;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;
using PriceIngestClient = TeslaSync.Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient;

namespace TeslaSync.PriceIngest.FunctionalTests;

/// <summary>
/// The settings page's Amber account against the simulated Amber: a token entered there is checked with
/// Amber, stored encrypted, used at once and after a restart; the region can be overridden and cleared.
/// </summary>
public sealed class AmberSettingsTests : IAsyncLifetime
{
    /// <summary>A token the simulated Amber does not accept (it accepts <see cref="SimulatorServer.AmberToken"/> only).</summary>
    private const string RefusedToken = "psk_0000000000000000000000000000refused";

    private readonly FakeTimeProvider _time = new(PriceIngestHost.Start);

    // One data folder for every start of the service in a test, so a restart finds what the last run stored.
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("teslasync-amber-settings-").FullName;
    private RedisServer _redis = null!;
    private SimulatorServer _simulator = null!;
    private ServiceFactory<ServiceAssembly>? _service;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _simulator = await SimulatorServer.StartAsync(_time);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _simulator.DisposeAsync();
        await _redis.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; a leftover temp folder is harmless.
        }
    }

    [Fact]
    public async Task UpdateAmberSettings_TokenAmberAccepts_IsStoredEncryptedUsedAtOnceAndAfterARestart()
    {
        var client = Start(("Amber:ApiToken", RefusedToken));
        var before = await client.GetAmberSettingsAsync(new GetAmberSettingsRequest(), cancellationToken: Ct);
        Assert.True(before.TokenSet);
        Assert.Empty(before.Sites);
        Assert.Contains("refused", before.SitesProblem, StringComparison.Ordinal);

        var updated = await client.UpdateAmberSettingsAsync(new UpdateAmberSettingsRequest { ApiToken = SimulatorServer.AmberToken }, cancellationToken: Ct);

        Assert.True(updated.TokenSet);
        Assert.Equal(SimulatorServer.AmberSiteId, Assert.Single(updated.Sites).Id);
        Assert.Equal(SimulatorServer.AmberSiteId, updated.AmberSiteId);
        Assert.Empty(updated.SitesProblem);
        // The next Amber call of the service itself uses the stored token.
        var sites = await client.ListAmberSitesAsync(new ListAmberSitesRequest(), cancellationToken: Ct);
        Assert.Equal(SimulatorServer.AmberSiteId, sites.SelectedSiteId);
        Assert.Equal(200, (await _simulator.AmberRequestsAsync(Ct)).Last(r => r.Path.EndsWith("/sites", StringComparison.Ordinal)).Status);

        // Stored, but never in plain text: not in the database (or its journal), not in the key ring.
        Assert.Equal(1, await CountSecretsAsync());
        await StopAsync();
        AssertNoFileContains(SimulatorServer.AmberToken);

        // The configuration still holds the refused token; the stored one wins after a restart.
        client = Start(("Amber:ApiToken", RefusedToken));
        var afterRestart = await client.ListAmberSitesAsync(new ListAmberSitesRequest(), cancellationToken: Ct);
        Assert.Equal(SimulatorServer.AmberSiteId, Assert.Single(afterRestart.Sites).Id);
    }

    [Fact]
    public async Task UpdateAmberSettings_TokenAmberRefuses_IsRefusedAndTheStoredTokenKept()
    {
        var client = Start(("Amber:ApiToken", RefusedToken));
        await client.UpdateAmberSettingsAsync(new UpdateAmberSettingsRequest { ApiToken = SimulatorServer.AmberToken }, cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UpdateAmberSettingsAsync(
            new UpdateAmberSettingsRequest { ApiToken = RefusedToken, Region = "VIC1" }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("token", error.Trailers.GetValue("field"));
        Assert.Contains("Amber refused this token", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(RefusedToken, error.Status.Detail, StringComparison.Ordinal);
        // Nothing of the refused change was applied: the stored token still works, the region is still automatic.
        var settings = await client.GetAmberSettingsAsync(new GetAmberSettingsRequest(), cancellationToken: Ct);
        Assert.Equal(SimulatorServer.AmberSiteId, Assert.Single(settings.Sites).Id);
        Assert.Equal("amber-site", settings.RegionSource);
    }

    [Fact]
    public async Task UpdateAmberSettings_Region_IsReportedAsTheSettingAndClearsBackToTheAmberSite()
    {
        var client = Start();
        var automatic = await client.GetAmberSettingsAsync(new GetAmberSettingsRequest(), cancellationToken: Ct);
        Assert.Equal(("SA1", "amber-site"), (automatic.Region, automatic.RegionSource)); // the simulated site is on SA Power Networks

        var overridden = await client.UpdateAmberSettingsAsync(new UpdateAmberSettingsRequest { Region = "VIC1" }, cancellationToken: Ct);
        Assert.Equal(("VIC1", "setting"), (overridden.Region, overridden.RegionSource));
        var aemo = new Contracts.PriceIngest.V1.AemoPrices.AemoPricesClient(_service!.CreateGrpcChannel());
        Assert.Equal(AemoRegion.Vic1, (await aemo.GetLatestAemoPricesAsync(new GetLatestAemoPricesRequest(), cancellationToken: Ct)).SiteRegion);

        var cleared = await client.UpdateAmberSettingsAsync(new UpdateAmberSettingsRequest { Region = "" }, cancellationToken: Ct);
        Assert.Equal(("SA1", "amber-site"), (cleared.Region, cleared.RegionSource));
    }

    [Fact]
    public async Task UpdateAmberSettings_RegionConfigured_TheSettingWinsAndClearingReturnsToTheConfiguration()
    {
        var client = Start(("Aemo:Region", "QLD1"));
        Assert.Equal("configuration", (await client.GetAmberSettingsAsync(new GetAmberSettingsRequest(), cancellationToken: Ct)).RegionSource);

        var overridden = await client.UpdateAmberSettingsAsync(new UpdateAmberSettingsRequest { Region = "TAS1" }, cancellationToken: Ct);
        Assert.Equal(("TAS1", "setting"), (overridden.Region, overridden.RegionSource));

        var cleared = await client.UpdateAmberSettingsAsync(new UpdateAmberSettingsRequest { Region = "" }, cancellationToken: Ct);
        Assert.Equal(("QLD1", "configuration"), (cleared.Region, cleared.RegionSource));
    }

    [Theory]
    [InlineData("sa1")]
    [InlineData("WA1")]
    public async Task UpdateAmberSettings_NotANemRegion_IsRefusedNamingTheField(string region)
    {
        var client = Start();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UpdateAmberSettingsAsync(
            new UpdateAmberSettingsRequest { Region = region }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("region", error.Trailers.GetValue("field"));
        Assert.Equal("amber-site", (await client.GetAmberSettingsAsync(new GetAmberSettingsRequest(), cancellationToken: Ct)).RegionSource);
    }

    [Fact]
    public async Task UpdateAmberSettings_SiteTheAccountDoesNotHave_IsNotFoundAndTheChoiceIsKept()
    {
        var client = Start();
        var chosen = await client.UpdateAmberSettingsAsync(new UpdateAmberSettingsRequest { AmberSiteId = SimulatorServer.AmberSiteId }, cancellationToken: Ct);
        Assert.Equal(SimulatorServer.AmberSiteId, chosen.AmberSiteId);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UpdateAmberSettingsAsync(
            new UpdateAmberSettingsRequest { AmberSiteId = "01HZNOTTHEACCOUNTSSITE0000" }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("siteId", error.Trailers.GetValue("field"));
        Assert.Equal(SimulatorServer.AmberSiteId, (await client.ListAmberSitesAsync(new ListAmberSitesRequest(), cancellationToken: Ct)).SelectedSiteId);
    }

    private PriceIngestClient Start(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string>(_simulator.ServiceSettings)
        {
            ["ConnectionStrings:redis"] = _redis.ConnectionString,
            ["Storage:DataDirectory"] = _dataDirectory,
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        _service = new ServiceFactory<ServiceAssembly>(settings, services => services.AddSingleton<TimeProvider>(_time));
        return new PriceIngestClient(_service.CreateGrpcChannel());
    }

    private async Task StopAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
            _service = null;
        }

        // Closes pooled connections so the database file and its journal are complete on disk.
        SqliteConnection.ClearAllPools();
    }

    private async Task<long> CountSecretsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "prices.db")};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM secrets WHERE length(Protected) > 0";
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private void AssertNoFileContains(string secret)
    {
        var files = Directory.EnumerateFiles(_dataDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("prices.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".xml", StringComparison.Ordinal)); // the Data Protection key ring
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(secret)) || Contains(bytes, Encoding.Unicode.GetBytes(secret)),
                $"{Path.GetFileName(file)} holds the token in plain text.");
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
