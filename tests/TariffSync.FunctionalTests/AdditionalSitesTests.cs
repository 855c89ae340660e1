using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Domain.Prices;
using TeslaSync.Domain.Tariffs;
using TeslaSync.ServiceDefaults;
using TeslaSync.ServiceTesting;
using TeslaSync.Simulator.Tesla;
using TeslaSync.TariffSync.Budget;
using TeslaSync.TariffSync.Storage;
using TeslaSync.TariffSync.Sync;
using TeslaSync.TestSupport;

namespace TeslaSync.TariffSync.FunctionalTests;

/// <summary>
/// One TariffSync keeping several Powerwalls of one Tesla account on the deployment's prices: the
/// deployment's own site and three additional ones, each synced in its own time zone, logged and
/// budgeted under its own id, and none held up by another.
/// </summary>
public sealed class AdditionalSitesTests
{
    private const long OwnPowerwall = SimulatorServer.EnergySiteId;

    // The simulated account's next three Powerwalls; the simulator reports Adelaide for each.
    private static readonly Site Cabin = new("cabin", OwnPowerwall + 1, "Australia/Brisbane");
    private static readonly Site Shed = new("shed", OwnPowerwall + 2, null);
    private static readonly Site Office = new("office", OwnPowerwall + 3, "Australia/Sydney");
    private static readonly Site[] Additional = [Cabin, Shed, Office];

    // 10:01 in Brisbane, in Sydney's and Adelaide's daylight saving: three different UTC offsets.
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 1, 0, TimeSpan.FromHours(10));

    [Fact]
    public async Task OnePriceUpdate_SyncsEverySite_InItsOwnTimeZone_AndCountsItsCallsAgainstIt()
    {
        var time = new FakeTimeProvider(Now);
        await using var host = await StartAsync(time);
        var prices = RisingPrices();

        await host.PublishAsync(prices);

        var builder = new AmberTariffBuilder(new TariffBuildOptions());
        var held = new Dictionary<string, HalfHourTariff>();
        foreach (var site in Additional.Prepend(new Site("home", OwnPowerwall, null)))
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(site.TimeZone ?? "Australia/Adelaide");
            var upload = await Eventually.GetAsync(
                async () => (await host.Simulator.TariffUploadsAsync(site.EnergySiteId, TestContext.Current.CancellationToken)).LastOrDefault(),
                TariffSyncHost.Patience, $"an upload to {site.Id}'s Powerwall");
            held[site.Id] = TeslaTariffDocument.TryRead(upload.TariffContentV2, zone.Id)!;
            Assert.Equal(0m, held[site.Id].LargestDifference(builder.Build(prices, zone, time.GetUtcNow()).Tariff!));
            Assert.Equal(SyncStatus.Succeeded, (await OutcomeEventuallyAsync(host, site.Id)).Status);
        }

        // The zones matter: the same prices make a different half-hour tariff in Brisbane and in Adelaide.
        Assert.NotEqual(0m, held["cabin"].LargestDifference(held["shed"]));

        await using var scope = host.Service.Services.CreateAsyncScope();
        var usage = scope.ServiceProvider.GetRequiredService<ApiUsageStore>();
        foreach (var site in Additional)
        {
            var (today, _) = await usage.CountsAsync(site.Id, time.GetUtcNow(), TestContext.Current.CancellationToken);
            Assert.Equal(1, today.Commands); // the tariff write
            // The read-back, and for the shed (no zone configured) the look-up of its Powerwall's zone.
            Assert.Equal(site.TimeZone is null ? 2 : 1, today.DataReads);
        }
    }

    [Fact]
    public async Task ASlowPowerwall_DoesNotHoldUpTheOtherSites()
    {
        await using var host = await StartAsync(new FakeTimeProvider(Now));
        await host.Simulator.InjectTeslaFaultsAsync(TeslaFault.Latency(20_000, $"/api/1/energy_sites/{Shed.EnergySiteId}/time_of_use_settings"));

        await host.PublishAsync(RisingPrices());

        foreach (var site in new[] { "home", Cabin.Id, Office.Id })
        {
            Assert.Equal(SyncStatus.Succeeded, (await OutcomeEventuallyAsync(host, site)).Status);
        }

        // The shed's Powerwall is still answering its tariff write.
        Assert.Null(await OutcomeAsync(host, Shed.Id));
        var shed = await OutcomeEventuallyAsync(host, Shed.Id);
        Assert.Equal(SyncStatus.Succeeded, shed.Status);
    }

    [Fact]
    public async Task AnAdditionalSiteWithAutomaticSyncOff_IsLeftAlone()
    {
        await using var host = await StartAsync(new FakeTimeProvider(Now));
        await using (var scope = host.Service.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SiteSettingsStore>().SetAutoSyncAsync(Office.Id, false, TestContext.Current.CancellationToken);
        }

        await host.PublishAsync(RisingPrices());

        foreach (var site in new[] { "home", Cabin.Id, Shed.Id })
        {
            Assert.Equal(SyncStatus.Succeeded, (await OutcomeEventuallyAsync(host, site)).Status);
        }

        Assert.Null(await OutcomeAsync(host, Office.Id));
        Assert.Empty(await host.Simulator.TariffUploadsAsync(Office.EnergySiteId, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("home", 2252150839614387L, null, "'home' is already the id of another site")]
    [InlineData("", 2252150839614387L, null, "TariffSync:AdditionalSites:0:Id is required")]
    [InlineData("a-site-name-far-too-long-for-the-sync-log-a-site-name-far-too-long", 2252150839614387L, null, "is longer than 64 characters")]
    [InlineData("cabin", 0L, null, "TariffSync:AdditionalSites:0:EnergySiteId is required")]
    [InlineData("cabin", OwnPowerwall, null, $"EnergySiteId 2252150839614386 is already controlled by another site")]
    [InlineData("cabin", 2252150839614387L, "AEST", "'AEST' is not a known IANA time zone")]
    [InlineData("cabin", 2252150839614387L, "Australia/Nowhere", "'Australia/Nowhere' is not a known IANA time zone")]
    public void AMistakeInTheAdditionalSites_StopsTariffSyncWithWhatIsWrong(string id, long energySiteId, string? timeZone, string problem)
    {
        var options = new TariffSyncOptions
        {
            EnergySiteId = OwnPowerwall,
            AdditionalSites = [new AdditionalSite { Id = id, EnergySiteId = energySiteId, TimeZone = timeZone }],
        };

        var result = new AdditionalSitesValidator(Options.Create(new SiteOptions { Id = "home" })).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(problem, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoAdditionalSitesOnOnePowerwall_AreRefused_AndDistinctSitesAreAccepted()
    {
        var validator = new AdditionalSitesValidator(Options.Create(new SiteOptions { Id = "home" }));
        var distinct = new TariffSyncOptions { AdditionalSites = [.. Additional.Select(s => s.ToOptions())] };
        var twice = new TariffSyncOptions { AdditionalSites = [Cabin.ToOptions(), new AdditionalSite { Id = "annex", EnergySiteId = Cabin.EnergySiteId }] };

        Assert.True(validator.Validate(null, distinct).Succeeded);
        Assert.Contains("already controlled by another site", validator.Validate(null, twice).FailureMessage, StringComparison.Ordinal);
    }

    private static Task<TariffSyncHost> StartAsync(TimeProvider time) =>
        TariffSyncHost.StartAsync(time, _ => Settings(), "--Simulator:Tesla:SiteCount=4");

    private static Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>
        {
            ["TariffSync:EnergySiteId"] = OwnPowerwall.ToString(CultureInfo.InvariantCulture),
            ["TariffSync:MaxConcurrentSyncs"] = "4",
        };
        for (var index = 0; index < Additional.Length; index++)
        {
            var site = Additional[index];
            settings[$"TariffSync:AdditionalSites:{index}:Id"] = site.Id;
            settings[$"TariffSync:AdditionalSites:{index}:EnergySiteId"] = site.EnergySiteId.ToString(CultureInfo.InvariantCulture);
            if (site.TimeZone is not null)
            {
                settings[$"TariffSync:AdditionalSites:{index}:TimeZone"] = site.TimeZone;
            }
        }

        return settings;
    }

    /// <summary>Prices that rise every half hour, so that a tariff written in the wrong zone cannot match.</summary>
    private static List<PriceInterval> RisingPrices() =>
        TariffSyncHost.HalfHourPrices(Now, i => 0.20m + (0.01m * i), _ => 0.05m);

    private static async Task<SyncOutcome?> OutcomeAsync(TariffSyncHost host, string siteId)
    {
        await using var scope = host.Service.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SyncLog>().LastAsync(siteId, TestContext.Current.CancellationToken);
    }

    private static Task<SyncOutcome> OutcomeEventuallyAsync(TariffSyncHost host, string siteId) =>
        Eventually.GetAsync(() => OutcomeAsync(host, siteId), TariffSyncHost.Patience, $"the sync outcome of {siteId}");

    private sealed record Site(string Id, long EnergySiteId, string? TimeZone)
    {
        public AdditionalSite ToOptions() => new() { Id = Id, EnergySiteId = EnergySiteId, TimeZone = TimeZone };
    }
}
