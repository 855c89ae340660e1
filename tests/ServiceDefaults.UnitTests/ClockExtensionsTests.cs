using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;

namespace TeslaSync.ServiceDefaults.UnitTests;

/// <summary>What runs on the accelerated clock of a replay, and what stays on the wall clock.</summary>
public sealed class ClockExtensionsTests
{
    private static TimeSpan RefreshPeriod(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.Services.AddServiceDiscovery();
        builder.AddClock();
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<ServiceDiscoveryOptions>>().Value.RefreshPeriod;
    }

    [Fact]
    public void Replay_AtThreeHundredTimes_ServiceDiscoveryRefreshesAsOftenInWallTimeAsWithoutReplay()
    {
        var normal = RefreshPeriod();

        var replay = RefreshPeriod(("Clock:Start", "2026-01-18T00:00:00+10:30"), ("Clock:Speed", "300"));

        Assert.Equal(normal * 300, replay);
    }
}
