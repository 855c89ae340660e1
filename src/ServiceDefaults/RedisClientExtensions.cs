using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Settings for <see cref="RedisClientExtensions.AddRedisClient"/>, bound from the same
/// configuration keys as Aspire's StackExchange.Redis client integration.
/// </summary>
public sealed class StackExchangeRedisSettings
{
    /// <summary>The StackExchange.Redis configuration string; usually from <c>ConnectionStrings:{name}</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Leaves the Redis check out of <c>/health</c>.</summary>
    public bool DisableHealthChecks { get; set; }
}

/// <summary>
/// Our stand-in for Aspire's <c>AddRedisClient</c>: the same name, signature and configuration
/// keys (<c>ConnectionStrings:{connectionName}</c>, <c>Aspire:StackExchange:Redis</c> and
/// <c>Aspire:StackExchange:Redis:{connectionName}</c>), so that moving to the real Aspire package
/// later changes nothing in the services.
/// </summary>
public static class RedisClientExtensions
{
    private const string DefaultConfigSectionName = "Aspire:StackExchange:Redis";

    public static void AddRedisClient(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<StackExchangeRedisSettings>? configureSettings = null,
        Action<ConfigurationOptions>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = new StackExchangeRedisSettings();
        builder.Configuration.GetSection(DefaultConfigSectionName).Bind(settings);
        builder.Configuration.GetSection($"{DefaultConfigSectionName}:{connectionName}").Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            settings.ConnectionString = connectionString;
        }

        configureSettings?.Invoke(settings);

        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new InvalidOperationException(
                $"No Redis connection string: set 'ConnectionStrings:{connectionName}' (the launcher does this) " +
                $"or '{DefaultConfigSectionName}:ConnectionString'.");
        }

        var options = ConfigurationOptions.Parse(settings.ConnectionString);
        // Keep trying in the background instead of failing start-up: Redis may start after us
        // or restart under us, and the multiplexer reconnects and re-subscribes by itself.
        options.AbortOnConnectFail = false;
        options.ClientName ??= builder.Environment.ApplicationName;
        configureOptions?.Invoke(options);

        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(connectionName);
        }
    }
}

/// <summary>Healthy when Redis answers a PING.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"PING answered in {latency.TotalMilliseconds:F0} ms");
        }
        catch (RedisException exception)
        {
            return HealthCheckResult.Unhealthy("Redis did not answer PING.", exception);
        }
    }
}
