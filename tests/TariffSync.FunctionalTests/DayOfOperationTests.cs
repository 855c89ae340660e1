using Microsoft.Extensions.Time.Testing;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Domain.Tariffs;
using TeslaSync.Integrations.Amber;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;

namespace TeslaSync.TariffSync.FunctionalTests;

/// <summary>
/// A whole simulated day: 288 price updates, one every five minutes, from the simulated Amber
/// (real AEMO prices with forecasts that drift a little at every update). TariffSync must upload
/// far less often than it is told about prices, yet the Powerwall must never hold a tariff that
/// differs from the latest prices by more than the material-change threshold.
/// </summary>
public sealed class DayOfOperationTests
{
    private const int UpdatesPerDay = 288;
    private const decimal MaterialChange = 0.005m;

    [Fact]
    public async Task ADayOfPriceUpdates_UploadsOnlyMaterialChanges_AndThePowerwallNeverFallsBehind()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 1, 0, TimeSpan.FromHours(10)));
        await using var host = await TariffSyncHost.StartAsync(time);
        using var http = new HttpClient();
        var amber = new AmberClient(http, new StaticOptionsMonitor<AmberOptions>(new AmberOptions
        {
            BaseUrl = host.Simulator.AmberBaseUrl,
            ApiToken = SimulatorServer.AmberToken,
        }));
        var adelaide = TimeZoneInfo.FindSystemTimeZoneById("Australia/Adelaide");
        var builder = new AmberTariffBuilder(new TariffBuildOptions());
        var outcomes = new Dictionary<SyncStatus, int>();

        for (var update = 0; update < UpdatesPerDay; update++)
        {
            var prices = await amber.GetCurrentPricesAsync(SimulatorServer.AmberSiteId, previous: 0, next: 48, AmberResolution.ThirtyMinutes, TestContext.Current.CancellationToken);
            var now = time.GetUtcNow();
            await host.PublishAsync(prices.Intervals);

            var outcome = await host.LastSyncAsync(o => o.At.ToDateTimeOffset() == now);
            outcomes[outcome.Status] = outcomes.GetValueOrDefault(outcome.Status) + 1;
            Assert.NotEqual(SyncStatus.Failed, outcome.Status);

            // Whatever was decided, the Powerwall holds the latest prices to within the threshold.
            var wanted = builder.Build(prices.Intervals, adelaide, now).Tariff!;
            var held = TeslaTariffDocument.TryRead((await host.Simulator.TariffUploadsAsync(TestContext.Current.CancellationToken)).Last().TariffContentV2, adelaide.Id)!;
            Assert.True(held.LargestDifference(wanted) <= MaterialChange,
                $"Update {update} at {now:HH:mm}: the Powerwall is {held.LargestDifference(wanted):0.####} $/kWh behind ({outcome.Status}: {outcome.Reason}).");

            time.Advance(TimeSpan.FromMinutes(5));
        }

        var uploads = (await host.Simulator.TariffUploadsAsync(TestContext.Current.CancellationToken)).Count;
        TestContext.Current.TestOutputHelper?.WriteLine($"{UpdatesPerDay} price updates → {uploads} uploads ({outcomes.GetValueOrDefault(SyncStatus.Skipped)} skipped).");
        Assert.Equal(uploads, outcomes.GetValueOrDefault(SyncStatus.Succeeded));
        Assert.InRange(uploads, 1, UpdatesPerDay / 2);
    }

    /// <summary>Fixed options for a client built by hand.</summary>
    private sealed class StaticOptionsMonitor<T>(T value) : Microsoft.Extensions.Options.IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
