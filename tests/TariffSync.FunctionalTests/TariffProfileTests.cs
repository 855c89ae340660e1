using System.Text.Json.Nodes;
using Grpc.Core;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.ServiceTesting;

namespace TeslaSync.TariffSync.FunctionalTests;

public sealed class TariffProfileTests : IAsyncLifetime
{
    private TariffSyncHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await TariffSyncHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SaveCurrentTariffAsProfile_PowerwallHasATariff_SavesExactlyWhatItHolds()
    {
        var saved = await _host.Client.SaveCurrentTariffAsProfileAsync(new SaveCurrentTariffAsProfileRequest { Name = "  Retailer plan " }, cancellationToken: Cancel);

        Assert.Equal("Retailer plan", saved.Name);
        Assert.Equal("powerwall", saved.Source);
        var held = await PowerwallTariffAsync();
        Assert.True(JsonNode.DeepEquals(held, JsonNode.Parse(saved.TariffJson)));
        var listed = Assert.Single((await _host.Client.ListProfilesAsync(new ListProfilesRequest(), cancellationToken: Cancel)).Profiles);
        Assert.Equal(saved.Id, listed.Id);
    }

    [Fact]
    public async Task RestoreProfile_AfterAnAmberSync_PutsTheSavedTariffBackAndTurnsAutoSyncOff()
    {
        var original = await _host.Client.SaveCurrentTariffAsProfileAsync(new SaveCurrentTariffAsProfileRequest { Name = "Original" }, cancellationToken: Cancel);
        await _host.PublishAsync(TariffSyncHost.HalfHourPrices(DateTimeOffset.UtcNow, _ => 0.33m, _ => -0.07m));
        await _host.LastSyncAsync(o => o.Status == SyncStatus.Succeeded && o.Action == "price-sync");

        var restored = await _host.Client.RestoreProfileAsync(new RestoreProfileRequest { ProfileId = original.Id }, cancellationToken: Cancel);

        Assert.Equal(SyncStatus.Succeeded, restored.Status);
        Assert.Equal("profile-restore", restored.Action);
        Assert.True(restored.ReadBackMatched);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(original.TariffJson), await PowerwallTariffAsync()));
        Assert.False((await _host.Client.GetSyncSettingsAsync(new GetSyncSettingsRequest(), cancellationToken: Cancel)).AutoSync);

        // New prices no longer replace the restored tariff.
        var uploadsBefore = (await _host.Simulator.TariffUploadsAsync(Cancel)).Count;
        await _host.PublishAsync(TariffSyncHost.HalfHourPrices(DateTimeOffset.UtcNow, _ => 0.90m, _ => -0.07m));
        await Task.Delay(1000, Cancel);
        Assert.Equal(uploadsBefore, (await _host.Simulator.TariffUploadsAsync(Cancel)).Count);
    }

    [Fact]
    public async Task SetAutoSync_BackOn_NewPricesSyncAgain()
    {
        var saved = await _host.Client.SaveCurrentTariffAsProfileAsync(new SaveCurrentTariffAsProfileRequest { Name = "Plan" }, cancellationToken: Cancel);
        await _host.Client.RestoreProfileAsync(new RestoreProfileRequest { ProfileId = saved.Id }, cancellationToken: Cancel);

        var settings = await _host.Client.SetAutoSyncAsync(new SetAutoSyncRequest { Enabled = true }, cancellationToken: Cancel);
        await _host.PublishAsync(TariffSyncHost.HalfHourPrices(DateTimeOffset.UtcNow, _ => 0.41m, _ => -0.02m));

        Assert.True(settings.AutoSync);
        await _host.LastSyncAsync(o => o.Action == "price-sync" && o.Status == SyncStatus.Succeeded);
    }

    [Fact]
    public async Task RestoreProfile_NoIdAndADefault_RestoresTheDefault()
    {
        var first = await _host.Client.SaveCurrentTariffAsProfileAsync(new SaveCurrentTariffAsProfileRequest { Name = "First" }, cancellationToken: Cancel);
        await _host.Client.SaveCurrentTariffAsProfileAsync(new SaveCurrentTariffAsProfileRequest { Name = "Second" }, cancellationToken: Cancel);

        await _host.Client.SetDefaultProfileAsync(new SetDefaultProfileRequest { ProfileId = first.Id }, cancellationToken: Cancel);
        var restored = await _host.Client.RestoreProfileAsync(new RestoreProfileRequest(), cancellationToken: Cancel);

        Assert.Contains("'First'", restored.Reason, StringComparison.Ordinal);
        var profiles = (await _host.Client.ListProfilesAsync(new ListProfilesRequest(), cancellationToken: Cancel)).Profiles;
        Assert.Equal(["First"], profiles.Where(p => p.IsDefault).Select(p => p.Name));
    }

    [Fact]
    public async Task RestoreProfile_NoDefault_ReturnsNotFoundAndWritesNothing()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.RestoreProfileAsync(new RestoreProfileRequest(), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Empty(await _host.Simulator.TariffUploadsAsync(Cancel));
    }

    [Fact]
    public async Task SaveCurrentTariffAsProfile_BlankName_IsRejectedWithAMessage()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Client.SaveCurrentTariffAsProfileAsync(new SaveCurrentTariffAsProfileRequest { Name = "   " }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("A profile needs a name.", error.Status.Detail);
    }

    [Fact]
    public async Task DeleteProfile_Twice_SecondTimeIsNotFound()
    {
        var saved = await _host.Client.SaveCurrentTariffAsProfileAsync(new SaveCurrentTariffAsProfileRequest { Name = "Temporary" }, cancellationToken: Cancel);

        await _host.Client.DeleteProfileAsync(new DeleteProfileRequest { ProfileId = saved.Id }, cancellationToken: Cancel);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Client.DeleteProfileAsync(new DeleteProfileRequest { ProfileId = saved.Id }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Empty((await _host.Client.ListProfilesAsync(new ListProfilesRequest(), cancellationToken: Cancel)).Profiles);
    }

    private async Task<JsonNode> PowerwallTariffAsync() => (await _host.Simulator.PowerwallAsync(Cancel)).Tariff;
}
