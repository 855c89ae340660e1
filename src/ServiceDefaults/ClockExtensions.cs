using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;
using Polly;
using Polly.Telemetry;
using TeslaSync.Domain.Time;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The service's <see cref="TimeProvider"/>: the wall clock, or, when <c>Clock:Start</c> is set
/// (a replay of a stored day, demo and tests only), a clock that runs faster from that instant.
/// </summary>
public static class ClockExtensions
{
    public static IHostApplicationBuilder AddClock(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = ClockSettings.Read(key => builder.Configuration[key], TimeProvider.System.GetUtcNow());
        builder.Services.AddSingleton(ClockSettings.Create(settings, TimeProvider.System));
        if (settings is not null)
        {
            // Resilience (timeouts, retry delays, circuit breaking) is about the wire, which runs on
            // wall-clock time whatever time the logic lives in: a 10-second attempt timeout must not
            // become 10/speed seconds. Polly takes its builder from here (TryAdd), so this one wins.
            builder.Services.AddTransient(services =>
            {
                var pipeline = new ResiliencePipelineBuilder { TimeProvider = TimeProvider.System };
                pipeline.ConfigureTelemetry(services.GetRequiredService<IOptions<TelemetryOptions>>().Value);
                return pipeline;
            });

            // Service discovery refreshes its endpoints on the service's clock; at 300x its minute would pass every
            // 0.2 s, and gRPC calls racing those refreshes fail. Its period is about the wire too: keep it in wall time.
            var speed = settings.Speed;
            builder.Services.Configure<ServiceDiscoveryOptions>(options =>
                options.RefreshPeriod = TimeSpan.FromTicks((long)(options.RefreshPeriod.Ticks * speed)));
        }

        return builder;
    }
}
