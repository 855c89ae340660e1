using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Contracts.Events;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Domain.Prices;
using TeslaSync.EventBus;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;
using OverridesClient = TeslaSync.Contracts.TariffSync.V1.TariffOverrides.TariffOverridesClient;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.TariffSync.FunctionalTests;

/// <summary>
/// The TariffOverrides service against the simulated Powerwall: what the Powerwall holds during
/// and after each override, across a restart of TariffSync, and while Tesla is unreachable.
/// </summary>
public sealed class TariffOverridesTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Adelaide = TimeZoneInfo.FindSystemTimeZoneById("Australia/Adelaide"); // the simulated Powerwall's zone

    private OverridesHost _host = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await OverridesHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ApplySpike_ThenRelease_PowerwallHoldsTheSpikeTariffThenExactlyTheBaselineAgain()
    {
        var baseline = await _host.PowerwallAsync();
        var until = DateTimeOffset.UtcNow.AddMinutes(20);

        var applied = await _host.Overrides.ApplyOverrideAsync(Spike("spike", until, 2.5m), cancellationToken: Cancel);

        Assert.True(applied.Changed);
        Assert.Equal(2, applied.Writes);
        Assert.Equal([OverrideSetting.Tariff, OverrideSetting.OperationMode], applied.Active.Controls);
        var during = await _host.PowerwallAsync();
        Assert.Equal("autonomous", during.Mode);
        Assert.Equal("TESLASYNC:OVERRIDE:SPIKE", (string?)during.Tariff["code"]);
        var sell = Rates(during.Tariff["sell_tariff"]!);
        var buy = Rates(during.Tariff);
        Assert.Equal(LocalSlots(applied.Active.Since.ToDateTimeOffset(), until), sell.Where(r => r.Value == 2.5m).Select(r => r.Key).Order());
        Assert.All(sell.Where(r => r.Value != 2.5m), r => Assert.Equal(0m, r.Value));
        Assert.All(buy.Values, rate => Assert.True(rate > sell.Values.Max(), $"buy {rate} must exceed every sell"));

        // The same override again sends nothing.
        var uploads = (await _host.Simulator.TariffUploadsAsync(Cancel)).Count;
        var again = await _host.Overrides.ApplyOverrideAsync(Spike("spike", until, 2.5m), cancellationToken: Cancel);
        Assert.False(again.Changed);
        Assert.Equal(0, again.Writes);
        Assert.Equal(uploads, (await _host.Simulator.TariffUploadsAsync(Cancel)).Count);

        // New Amber prices do not replace the spike tariff.
        await _host.PublishPricesAsync();
        var skipped = await _host.LastSyncAsync(o => o.Action == "price-sync");
        Assert.Equal(SyncStatus.Skipped, skipped.Status);
        Assert.Contains("spike", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(uploads, (await _host.Simulator.TariffUploadsAsync(Cancel)).Count);

        var state = await _host.Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: Cancel);
        Assert.Equal("spike", state.TariffOwner);
        Assert.Equal(["spike"], state.Overrides.Select(o => o.Name));
        Assert.Equal(["powerwall", "powerwall"], state.Baselines.Select(b => b.Source));
        Assert.Equal("self_consumption", state.Baselines.Single(b => b.Setting == OverrideSetting.OperationMode).Value);

        var released = await _host.Overrides.ReleaseOverrideAsync(new ReleaseOverrideRequest { Name = "spike" }, cancellationToken: Cancel);

        Assert.True(released.WasActive);
        Assert.False(released.Restoring);
        var after = await _host.PowerwallAsync();
        Assert.True(JsonNode.DeepEquals(baseline.Tariff, after.Tariff), "the baseline tariff is back exactly");
        Assert.Equal(baseline.Mode, after.Mode);
        var cleared = await _host.Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: Cancel);
        Assert.Empty(cleared.Overrides);
        Assert.Empty(cleared.Baselines);
        Assert.Equal(string.Empty, cleared.TariffOwner);
        var last = await _host.LastSyncAsync(o => o.Action == "override-restore");
        Assert.Equal(SyncStatus.Succeeded, last.Status);
    }

    [Fact]
    public async Task ApplySpike_PowerwallHoldsOurOwnLeftoverOverrideTariff_BaselineIsTheLastPriceSyncTariff()
    {
        await _host.PublishPricesAsync();
        await _host.LastSyncAsync(o => o.Action == "price-sync" && o.Status == SyncStatus.Succeeded);
        var amber = (await _host.Simulator.TariffUploadsAsync(Cancel))[^1].TariffContentV2;
        // A crash left one of our spike tariffs on the Powerwall, and our state is gone.
        var leftover = JsonNode.Parse(amber.ToJsonString())!.AsObject();
        leftover["code"] = "TESLASYNC:OVERRIDE:SPIKE";
        await _host.UploadTariffDirectlyAsync(leftover);

        await _host.Overrides.ApplyOverrideAsync(Spike("spike", DateTimeOffset.UtcNow.AddMinutes(10), 1.5m), cancellationToken: Cancel);

        var tariffBaseline = (await _host.Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: Cancel))
            .Baselines.Single(b => b.Setting == OverrideSetting.Tariff);
        Assert.Equal("last-price-sync", tariffBaseline.Source);
        Assert.StartsWith("TESLASYNC:AMBER", tariffBaseline.Value, StringComparison.Ordinal);

        await _host.Overrides.ReleaseOverrideAsync(new ReleaseOverrideRequest { Name = "spike" }, cancellationToken: Cancel);

        var after = (await _host.PowerwallAsync()).Tariff;
        Assert.Equal("TESLASYNC:AMBER", (string?)after["code"]);
        Assert.True(JsonNode.DeepEquals(amber["energy_charges"], after["energy_charges"]));
        Assert.True(JsonNode.DeepEquals(amber["sell_tariff"]!["energy_charges"], after["sell_tariff"]!["energy_charges"]));
    }

    [Fact]
    public async Task Restart_DuringActiveSpike_ResumesWithoutResendingAndReleaseStillRestoresTheBaseline()
    {
        await _host.SetModeDirectlyAsync("backup"); // the user's own mode, not the simulator's default
        var baseline = await _host.PowerwallAsync();
        await _host.Overrides.ApplyOverrideAsync(Spike("spike", DateTimeOffset.UtcNow.AddMinutes(30), 3m), cancellationToken: Cancel);
        var uploads = (await _host.Simulator.TariffUploadsAsync(Cancel)).Count;

        await _host.RestartServiceAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5), Cancel); // several maintenance passes

        var resumed = await _host.Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: Cancel);
        Assert.Equal(["spike"], resumed.Overrides.Select(o => o.Name));
        Assert.Equal("spike", resumed.TariffOwner);
        Assert.Equal(uploads, (await _host.Simulator.TariffUploadsAsync(Cancel)).Count);
        Assert.Equal("autonomous", (await _host.PowerwallAsync()).Mode);

        var released = await _host.Overrides.ReleaseOverrideAsync(new ReleaseOverrideRequest { Name = "spike" }, cancellationToken: Cancel);

        Assert.True(released.WasActive);
        var after = await _host.PowerwallAsync();
        Assert.True(JsonNode.DeepEquals(baseline.Tariff, after.Tariff));
        Assert.Equal("backup", after.Mode);
    }

    [Fact]
    public async Task ForceDischarge_ForAFewSeconds_ExpiresByItselfAndRestoresTheBaseline()
    {
        var baseline = await _host.PowerwallAsync();

        await _host.Overrides.ApplyOverrideAsync(new ApplyOverrideRequest
        {
            Name = "force-discharge",
            Until = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(3)),
            ForceDischarge = new ForceDischargeOverride(),
        }, cancellationToken: Cancel);

        var during = await _host.PowerwallAsync();
        Assert.Equal("TESLASYNC:OVERRIDE:FORCE-DISCHARGE", (string?)during.Tariff["code"]);
        Assert.Equal("autonomous", during.Mode);
        var after = await Eventually.GetAsync(async () =>
        {
            var now = await _host.PowerwallAsync();
            return now.Mode == baseline.Mode && JsonNode.DeepEquals(now.Tariff, baseline.Tariff) ? now : null;
        }, TimeSpan.FromSeconds(20), "the baseline after the force discharge ended");
        Assert.NotNull(after);
        Assert.Empty((await _host.Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: Cancel)).Baselines);
    }

    [Fact]
    public async Task ExportRule_CurtailThenRelease_RestoresTheUsersOwnRule()
    {
        await _host.SetExportRuleDirectlyAsync("pv_only");
        var curtail = new ApplyOverrideRequest { Name = "curtailment", ExportRule = new ExportRuleOverride { Rule = OverrideExportRule.Never } };

        var applied = await _host.Overrides.ApplyOverrideAsync(curtail, cancellationToken: Cancel);
        var repeated = await _host.Overrides.ApplyOverrideAsync(curtail, cancellationToken: Cancel);

        Assert.Equal(1, applied.Writes);
        Assert.Equal(0, repeated.Writes);
        Assert.Equal("never", (await _host.PowerwallAsync()).ExportRule);
        var state = await _host.Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: Cancel);
        Assert.Equal(string.Empty, state.TariffOwner); // curtailment leaves the tariff to the price sync
        Assert.Equal("pv_only", Assert.Single(state.Baselines).Value);

        await _host.Overrides.ReleaseOverrideAsync(new ReleaseOverrideRequest { Name = "curtailment" }, cancellationToken: Cancel);

        Assert.Equal("pv_only", (await _host.PowerwallAsync()).ExportRule);
        Assert.Empty(await _host.Simulator.TariffUploadsAsync(Cancel));
    }

    [Fact]
    public async Task ExportRule_PowerwallDriftsWhileCurtailed_ReassertingWritesItAgain()
    {
        await _host.SetExportRuleDirectlyAsync("pv_only");
        var curtail = new ApplyOverrideRequest { Name = "curtailment", ExportRule = new ExportRuleOverride { Rule = OverrideExportRule.Never } };
        await _host.Overrides.ApplyOverrideAsync(curtail, cancellationToken: Cancel);

        // Firmware (or the Tesla app) puts exporting back on behind our back.
        await _host.SetExportRuleDirectlyAsync("battery_ok");
        var reasserted = await _host.Overrides.ApplyOverrideAsync(curtail, cancellationToken: Cancel);

        Assert.Equal(1, reasserted.Writes);
        Assert.Equal("never", (await _host.PowerwallAsync()).ExportRule);
        // The user's own rule is still the one kept for afterwards.
        await _host.Overrides.ReleaseOverrideAsync(new ReleaseOverrideRequest { Name = "curtailment" }, cancellationToken: Cancel);
        Assert.Equal("pv_only", (await _host.PowerwallAsync()).ExportRule);
    }

    [Fact]
    public async Task Release_TeslaDown_StaysRestoringAndSucceedsOnRetry()
    {
        await _host.SetModeDirectlyAsync("backup");
        var baseline = await _host.PowerwallAsync();
        await _host.Overrides.ApplyOverrideAsync(Spike("spike", DateTimeOffset.UtcNow.AddMinutes(30), 2m), cancellationToken: Cancel);
        await _host.StopSimulatorAsync();

        var released = await _host.Overrides.ReleaseOverrideAsync(new ReleaseOverrideRequest { Name = "spike" }, cancellationToken: Cancel);

        Assert.True(released.WasActive);
        Assert.True(released.Restoring);
        Assert.Contains("Tesla could not be reached", released.Message, StringComparison.Ordinal);
        var pending = await _host.Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: Cancel);
        Assert.True(pending.Restoring);
        Assert.Equal("restoring", pending.TariffOwner);
        Assert.NotEmpty(pending.Baselines.Single(b => b.Setting == OverrideSetting.Tariff).LastError);

        // Tesla is back (a fresh Powerwall model: its defaults are not the user's baseline).
        await _host.StartSimulatorAsync();
        await Eventually.GetAsync(async () =>
        {
            var state = await _host.Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: Cancel);
            return state.Baselines.Count == 0 ? state : null;
        }, TimeSpan.FromSeconds(20), "the pending restore to succeed");

        var after = await _host.PowerwallAsync();
        Assert.True(JsonNode.DeepEquals(baseline.Tariff, after.Tariff));
        Assert.Equal("backup", after.Mode);
        Assert.Single(await _host.Simulator.TariffUploadsAsync(Cancel));
    }

    [Fact]
    public async Task ApplySpike_TeslaDownBeforeAnyBaseline_IsUnavailableAndNothingIsRecorded()
    {
        await _host.StopSimulatorAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Overrides.ApplyOverrideAsync(Spike("spike", DateTimeOffset.UtcNow.AddMinutes(10), 1m), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("nothing was changed", error.Status.Detail, StringComparison.Ordinal);
        var state = await _host.Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: Cancel);
        Assert.Empty(state.Overrides);
        Assert.Empty(state.Baselines);
        await _host.StartSimulatorAsync(); // for DisposeAsync
    }

    [Fact]
    public async Task ApplyOverride_BadRequests_AreRefusedWithStatusesAndNothingIsWritten()
    {
        async Task<RpcException> Refused(ApplyOverrideRequest request) =>
            await Assert.ThrowsAsync<RpcException>(() => _host.Overrides.ApplyOverrideAsync(request, cancellationToken: Cancel).ResponseAsync);

        var noKind = await Refused(new ApplyOverrideRequest { Name = "spike" });
        var noUntil = await Refused(new ApplyOverrideRequest { Name = "spike", SpikeTariff = new SpikeTariffOverride() });
        var badReserve = await Refused(new ApplyOverrideRequest { Name = "user", BackupReserve = new BackupReserveOverride { Percent = 120 } });
        var unknownSite = await Refused(new ApplyOverrideRequest { SiteId = "elsewhere", Name = "user", GridCharging = new GridChargingOverride() });

        Assert.Equal(StatusCode.InvalidArgument, noKind.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, noUntil.StatusCode);
        Assert.Contains("until", noUntil.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, badReserve.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknownSite.StatusCode);
        Assert.Empty((await _host.Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: Cancel)).Overrides);
        Assert.Empty(await _host.Simulator.TariffUploadsAsync(Cancel));
    }

    private static ApplyOverrideRequest Spike(string name, DateTimeOffset until, decimal sellPerKwh) => new()
    {
        Name = name,
        Until = Timestamp.FromDateTimeOffset(until),
        SpikeTariff = new SpikeTariffOverride { SellPerKwh = sellPerKwh },
    };

    private static Dictionary<string, decimal> Rates(JsonNode side) =>
        side["energy_charges"]!["Summer"]!["rates"]!.AsObject().ToDictionary(p => p.Key, p => (decimal)p.Value!);

    /// <summary>The Adelaide half-hours (PERIOD_HH_MM) that [from, until) touches, worked out on the wall clock.</summary>
    private static List<string> LocalSlots(DateTimeOffset from, DateTimeOffset until)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var local = TimeZoneInfo.ConvertTime(from, Adelaide);
        var slotStart = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, local.Minute < 30 ? 0 : 30, 0, local.Offset);
        for (var start = slotStart; start < until; start = start.AddMinutes(30))
        {
            var wall = TimeZoneInfo.ConvertTime(start, Adelaide);
            names.Add($"PERIOD_{wall.Hour:00}_{(wall.Minute < 30 ? 0 : 30):00}");
        }

        return [.. names];
    }
}

/// <summary>What the simulated Powerwall holds, read from its site_info.</summary>

/// <summary>
/// TariffSync with a real Redis and the simulator, on a data directory that outlives the service
/// (so it can be restarted), and a simulator on a fixed port (so it can be stopped and started).
/// </summary>
internal sealed class OverridesHost : IAsyncDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("teslasync-overrides-").FullName;
    private readonly int _simulatorPort = FreePort.Next();
    private readonly HttpClient _http = new();
    private readonly RedisServer _redis;
    private Dictionary<string, string> _settings = [];

    private OverridesHost(RedisServer redis) => _redis = redis;

    public SimulatorServer Simulator { get; private set; } = null!;

    public ServiceFactory<ServiceAssembly> Service { get; private set; } = null!;

    public OverridesClient Overrides { get; private set; } = null!;

    public TariffSyncClient Sync { get; private set; } = null!;

    private Uri TeslaSite => new(Simulator.BaseAddress, $"tesla/api/1/energy_sites/{SimulatorServer.EnergySiteId}/");

    public static async Task<OverridesHost> StartAsync()
    {
        var host = new OverridesHost(await RedisServer.StartAsync());
        await host.StartSimulatorAsync();
        host._settings = new Dictionary<string, string>(host.Simulator.ServiceSettings)
        {
            ["ConnectionStrings:redis"] = host._redis.ConnectionString,
            ["services:priceingest:http:0"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Storage:DataDirectory"] = host._dataDirectory,
            // Retry and expire in test time, not every minute.
            ["TariffOverrides:CheckEvery"] = "00:00:00.250",
            // Tesla down must fail at once, not after the production backoff.
            ["Tesla:Resilience:MaxRetryAttempts"] = "0",
            ["Tesla:Resilience:AttemptTimeout"] = "00:00:05",
            ["Tesla:Resilience:TotalTimeout"] = "00:00:10",
        };
        host.StartService();
        return host;
    }

    /// <summary>Stops the TariffSync host and starts a new one on the same data directory, as a process restart would.</summary>
    public async Task RestartServiceAsync()
    {
        await Service.DisposeAsync();
        StartService();
    }

    public async Task StopSimulatorAsync() => await Simulator.DisposeAsync();

    /// <summary>Starts the simulator on this host's port: a fresh Powerwall with the simulator's defaults.</summary>
    public async Task StartSimulatorAsync() =>
        Simulator = await SimulatorServer.StartAsync(null, $"--urls=http://127.0.0.1:{_simulatorPort}");

    public Task<PowerwallState> PowerwallAsync() => Simulator.PowerwallAsync(TestContext.Current.CancellationToken);

    /// <summary>Changes the mode as the Tesla app would, before TeslaSync is involved.</summary>
    public Task SetModeDirectlyAsync(string mode) => PostAsync("operation", new JsonObject { ["default_real_mode"] = mode });

    public Task SetExportRuleDirectlyAsync(string rule) => PostAsync("grid_import_export", new JsonObject { ["customer_preferred_export_rule"] = rule });

    public Task UploadTariffDirectlyAsync(JsonObject tariff) =>
        PostAsync("time_of_use_settings", new JsonObject { ["tou_settings"] = new JsonObject { ["tariff_content_v2"] = tariff.DeepClone() } });

    /// <summary>Publishes a day of flat prices as PriceIngest would, once TariffSync is subscribed.</summary>
    public async Task PublishPricesAsync()
    {
        await BusSubscribers.WaitAsync(Service.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(), nameof(PricesUpdated));
        var prices = TariffSyncHost.HalfHourPrices(DateTimeOffset.UtcNow, _ => 0.31m, _ => -0.06m);
        await Service.Services.GetRequiredService<IEventBus>().PublishAsync(
            new PricesUpdated { SiteId = "home", OccurredAt = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow, ContentHash = Guid.NewGuid().ToString("N"), Intervals = prices },
            TestContext.Current.CancellationToken);
    }

    public Task<Contracts.TariffSync.V1.SyncOutcome> LastSyncAsync(Func<Contracts.TariffSync.V1.SyncOutcome, bool> matches) =>
        Eventually.GetAsync(async () =>
        {
            var last = (await Sync.GetLastSyncAsync(new GetLastSyncRequest())).Last;
            return last is not null && matches(last) ? last : null;
        }, TariffSyncHost.Patience, "the expected control-log entry");

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await Simulator.DisposeAsync();
        await _redis.DisposeAsync();
        _http.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; a leftover temp folder is harmless.
        }
    }

    private void StartService()
    {
        Service = new ServiceFactory<ServiceAssembly>(_settings);
        _ = Service.Server; // start the host: the event subscription and the override maintenance
        var channel = Service.CreateGrpcChannel();
        Overrides = new OverridesClient(channel);
        Sync = new TariffSyncClient(channel);
    }

    private async Task PostAsync(string path, JsonObject body)
    {
        using var request = Authorised(HttpMethod.Post, path);
        request.Content = JsonContent.Create(body);
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private HttpRequestMessage Authorised(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(TeslaSite, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorServer.TeslaToken);
        return request;
    }
}
