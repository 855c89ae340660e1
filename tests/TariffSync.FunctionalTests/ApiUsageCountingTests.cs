using Microsoft.Extensions.DependencyInjection;
using TeslaSync.ServiceTesting;
using TeslaSync.Simulator.Tesla;
using TeslaSync.TariffSync.Budget;
using TeslaSync.TariffSync.Storage;

namespace TeslaSync.TariffSync.FunctionalTests;

/// <summary>
/// A Tesla write that times out ends in a recorded, failed sync outcome, and counts in the API budget:
/// every request TariffSync sends counts, whatever became of it.
/// </summary>
public sealed class ApiUsageCountingTests
{
    [Fact]
    public async Task ATariffWriteThatTimesOut_IsRecordedAsFailed_AndStillCountsAsACommand()
    {
        await using var host = await TariffSyncHost.StartAsync(settings: _ => new Dictionary<string, string>
        {
            ["Tesla:Resilience:AttemptTimeout"] = "00:00:01",
        });
        // The simulated Tesla takes the write but answers after TariffSync stopped waiting (a timed-out command is
        // not retried): Tesla may well have applied it, and billed it.
        await host.Simulator.InjectTeslaFaultsAsync(TeslaFault.Latency(3000, "/api/1/energy_sites/*/time_of_use_settings", "POST"));
        var now = DateTimeOffset.UtcNow;

        await host.PublishAsync(TariffSyncHost.HalfHourPrices(now, i => 0.20m + (0.01m * i), _ => 0.05m));

        var outcome = await Eventually.GetAsync(async () =>
        {
            await using var scope = host.Service.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<SyncLog>().LastAsync("home", TestContext.Current.CancellationToken);
        }, TariffSyncHost.Patience, "the sync outcome");
        Assert.Equal(SyncStatus.Failed, outcome.Status);
        Assert.Contains("did not answer in time", outcome.Reason, StringComparison.Ordinal);

        await using var counting = host.Service.Services.CreateAsyncScope();
        var (today, _) = await counting.ServiceProvider.GetRequiredService<ApiUsageStore>().CountsAsync("home", DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        Assert.Equal(1, today.Commands);
    }
}
