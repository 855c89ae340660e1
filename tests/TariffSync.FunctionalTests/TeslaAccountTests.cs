using System.Net;
using System.Web;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.ServiceTesting;
using TeslaSync.Simulator.Tesla;

namespace TeslaSync.TariffSync.FunctionalTests;

/// <summary>TariffSync as the owner of the Tesla account: sign-in, safe writes, someone else's changes, the budget.</summary>
public sealed class TeslaAccountTests
{
    private const string RedirectUri = "http://127.0.0.1:5180/api/tesla/callback";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_WithTheFleetOAuthFlow_SignsInStoresTheTokensEncryptedAndSyncs()
    {
        await using var host = await TariffSyncHost.StartAsync(settings: simulator => simulator.TeslaOAuthServiceSettings(RedirectUri));
        Assert.Equal("not-signed-in", (await host.Client.GetTeslaAccountAsync(new GetTeslaAccountRequest(), cancellationToken: Cancel)).State);

        var begin = await host.Client.BeginTeslaSignInAsync(new BeginTeslaSignInRequest(), cancellationToken: Cancel);
        var (code, state) = await ConsentAsync(begin.AuthorizeUrl);
        var account = await host.Client.CompleteTeslaSignInAsync(new CompleteTeslaSignInRequest { Code = code, State = state }, cancellationToken: Cancel);

        Assert.Equal("signed-in", account.State);
        Assert.Equal("oauth", account.Credential);
        await host.PublishAsync(TariffSyncHost.HalfHourPrices(DateTimeOffset.UtcNow, _ => 0.3m, _ => -0.05m));
        await host.LastSyncAsync(o => o.Status == SyncStatus.Succeeded);

        // The database holds the tokens only in encrypted form.
        var access = await host.Client.GetTeslaAccessAsync(new GetTeslaAccessRequest(), cancellationToken: Cancel);
        var stored = await ReadSecretAsync(Path.Combine(host.Service.DataDirectory, "tariffs.db"));
        Assert.DoesNotContain(access.AccessToken, stored, StringComparison.Ordinal);
        Assert.NotEmpty(access.AccessToken);
    }

    [Fact]
    public async Task CompleteSignIn_StateNotHandedOut_IsRefused()
    {
        await using var host = await TariffSyncHost.StartAsync(settings: simulator => simulator.TeslaOAuthServiceSettings(RedirectUri));
        var begin = await host.Client.BeginTeslaSignInAsync(new BeginTeslaSignInRequest(), cancellationToken: Cancel);
        var (code, _) = await ConsentAsync(begin.AuthorizeUrl);

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.CompleteTeslaSignInAsync(
            new CompleteTeslaSignInRequest { Code = code, State = "forged" }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("not-signed-in", (await host.Client.GetTeslaAccountAsync(new GetTeslaAccountRequest(), cancellationToken: Cancel)).State);
    }

    [Fact]
    public async Task BeginSignIn_WithAStaticToken_ExplainsWhatIsNeeded()
    {
        await using var host = await TariffSyncHost.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.BeginTeslaSignInAsync(new BeginTeslaSignInRequest(), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("Tesla:OAuth:ClientId", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("signed-in", (await host.Client.GetTeslaAccountAsync(new GetTeslaAccountRequest(), cancellationToken: Cancel)).State);
    }

    [Fact]
    public async Task PricesUpdated_TeslaAnswers429ThenOk_ExactlyOneTariffLands()
    {
        await using var host = await TariffSyncHost.StartAsync();
        await host.Simulator.InjectTeslaFaultsAsync([TeslaFault.RateLimit(1, "/api/1/energy_sites/*/time_of_use_settings", "POST")], Cancel);

        await host.PublishAsync(TariffSyncHost.HalfHourPrices(DateTimeOffset.UtcNow, _ => 0.3m, _ => -0.05m));

        var outcome = await host.LastSyncAsync(o => o.Status != SyncStatus.Skipped);
        Assert.Equal(SyncStatus.Succeeded, outcome.Status);
        Assert.Single(await host.Simulator.TariffUploadsAsync(Cancel));
        var posts = (await host.Simulator.TeslaRequestsAsync(Cancel)).Where(r => r.Path.EndsWith("/time_of_use_settings", StringComparison.Ordinal)).ToList();
        Assert.Equal([429, 200], posts.Select(r => r.Status));
    }

    [Fact]
    public async Task TariffChangedInTheTeslaApp_NextUpdate_NoticesAndPutsOursBack()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 2, 0, TimeSpan.Zero));
        await using var host = await TariffSyncHost.StartAsync(time, _ => new Dictionary<string, string> { ["TariffSync:ReadBackEvery"] = "00:05:00" });
        var prices = TariffSyncHost.HalfHourPrices(time.GetUtcNow(), _ => 0.3m, _ => -0.05m);
        await host.PublishAsync(prices);
        await host.LastSyncAsync(o => o.Status == SyncStatus.Succeeded);
        var ours = (await host.Simulator.TariffUploadsAsync(Cancel)).Single().TariffContentV2;

        var theirs = (System.Text.Json.Nodes.JsonObject)ours.DeepClone();
        theirs["energy_charges"]!["Summer"]!["rates"]!["PERIOD_00_00"] = 9.99m;
        await host.Simulator.ChangeTariffBehindOurBackAsync(theirs, Cancel);
        time.Advance(TimeSpan.FromMinutes(5));
        await host.PublishAsync(prices);

        var restored = await host.LastSyncAsync(o => o.At.ToDateTimeOffset() == time.GetUtcNow());
        Assert.Equal(SyncStatus.Succeeded, restored.Status);
        var uploads = await host.Simulator.TariffUploadsAsync(Cancel);
        Assert.Equal(2, uploads.Count);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(ours["energy_charges"], uploads[1].TariffContentV2["energy_charges"]));
        var log = await host.Client.GetSyncLogAsync(new GetSyncLogRequest(), cancellationToken: Cancel);
        Assert.Equal(2, log.Entries.Count(e => e.Status == SyncStatus.Succeeded));
    }

    [Fact]
    public async Task ApiBudget_AcrossAMonthBoundary_CountsEachCallOnceAndStartsTheNewMonthAtZero()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 23, 50, 0, TimeSpan.Zero));
        await using var host = await TariffSyncHost.StartAsync(time);
        await host.PublishAsync(TariffSyncHost.HalfHourPrices(time.GetUtcNow(), _ => 0.3m, _ => -0.05m));
        await host.LastSyncAsync(o => o.Status == SyncStatus.Succeeded);

        // The sync itself: products and site_info to find the site, the upload, and its read-back.
        var november = await host.Client.GetApiBudgetAsync(new GetApiBudgetRequest(), cancellationToken: Cancel);
        Assert.Equal(1, november.ThisMonth.Commands);
        Assert.Equal(3, november.ThisMonth.DataReads);
        var reported = await host.Client.ReportApiUsageAsync(new ReportApiUsageRequest { DataReads = 997 }, cancellationToken: Cancel);
        Assert.Equal(1000, reported.ThisMonth.DataReads);
        Assert.Equal("Tesla Fleet API", reported.PriceList);

        time.Advance(TimeSpan.FromMinutes(20)); // 2026-12-01 00:10 UTC
        var december = await host.Client.GetApiBudgetAsync(new GetApiBudgetRequest(), cancellationToken: Cancel);
        Assert.Equal(0, december.ThisMonth.DataReads + december.ThisMonth.Commands);
        Assert.Equal(0, december.Today.DataReads);
        Assert.Equal("normal", december.Level);
    }

    /// <summary>Follows the simulated Tesla consent page and returns what it redirects back with.</summary>
    private static async Task<(string Code, string State)> ConsentAsync(string authorizeUrl)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(new Uri(authorizeUrl), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(RedirectUri, location.ToString(), StringComparison.Ordinal);
        var query = HttpUtility.ParseQueryString(location.Query);
        return (query["code"]!, query["state"]!);
    }

    private static async Task<string> ReadSecretAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        await connection.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Protected FROM secrets";
        return (string)(await command.ExecuteScalarAsync(Cancel))!;
    }
}
