using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TeslaSync.ServiceDefaults.Logging;

/// <summary>
/// Every service keeps its recent log entries in memory and answers <c>GET /logs</c> on its
/// health endpoint, so the Gateway can show one merged log without a log server.
/// </summary>
public static class RecentLogsExtensions
{
    public const string LogsPath = "/logs";

    /// <summary>The Kestrel endpoint the launcher names <c>health</c>: HTTP/1.1, on loopback.</summary>
    private const string HealthEndpointUrlKey = "Kestrel:Endpoints:health:Url";

    public static IHostApplicationBuilder AddRecentLogs(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RecentLogsOptions>()
            .BindConfiguration(RecentLogsOptions.SectionName)
            .Validate(
                options => options.Capacity is >= 1 and <= RecentLogsOptions.MaxCapacity,
                $"{RecentLogsOptions.SectionName}:Capacity must be a whole number from 1 to {RecentLogsOptions.MaxCapacity}.")
            .ValidateOnStart();
        builder.Services.AddSingleton(services => new RecentLogBuffer(services.GetRequiredService<IOptions<RecentLogsOptions>>().Value.Capacity));
        builder.Logging.Services.AddSingleton<ILoggerProvider, RecentLogsLoggerProvider>();
        return builder;
    }

    /// <summary>
    /// Maps <c>GET /logs?level=&amp;contains=&amp;limit=</c>, answered only on connections to the
    /// <c>health</c> endpoint: that one listens on loopback, while the gRPC endpoint (and the
    /// Gateway's public port) must not hand out the service's log. A host without a health
    /// endpoint (the Gateway reads its own buffer in process) does not map it at all.
    /// </summary>
    public static IEndpointRouteBuilder MapRecentLogs(this IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(configuration);
        if (HealthEndpointPort(configuration) is not { } healthPort)
        {
            return endpoints;
        }

        endpoints.MapGet(LogsPath, (HttpContext context, string? level, string? contains, string? limit, RecentLogBuffer buffer) =>
            {
                if (context.Connection.LocalPort != healthPort || !IsLoopback(context.Connection.RemoteIpAddress))
                {
                    return Results.NotFound();
                }

                var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
                var query = ReadQuery(level, contains, limit, errors);
                return query is null
                    ? TypedResults.ValidationProblem(errors, title: "The request is not valid.")
                    : Results.Ok(new LogEntries(buffer.Read(query)));
            })
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>The query, or null with <paramref name="errors"/> naming each bad field.</summary>
    internal static LogQuery? ReadQuery(string? level, string? contains, string? limit, IDictionary<string, string[]> errors)
    {
        var minimum = LogLevel.Trace;
        if (!string.IsNullOrWhiteSpace(level) && !LogQuery.TryParseLevel(level, out minimum))
        {
            errors["level"] = [$"'{level}' must be one of: {string.Join(", ", LogQuery.Levels)}."];
        }

        if (contains is { Length: > LogQuery.MaxContainsLength })
        {
            errors["contains"] = [$"contains must be at most {LogQuery.MaxContainsLength} characters."];
        }

        var count = LogQuery.DefaultLimit;
        if (!string.IsNullOrWhiteSpace(limit)
            && !(int.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out count) && count is >= 1 and <= LogQuery.MaxLimit))
        {
            errors["limit"] = [$"'{limit}' must be a whole number from 1 to {LogQuery.MaxLimit}."];
        }

        return errors.Count == 0 ? new LogQuery(minimum, string.IsNullOrWhiteSpace(contains) ? null : contains.Trim(), count) : null;
    }

    /// <summary>A dual-mode socket (<c>http://*:port</c>) reports IPv4 callers as IPv4-mapped IPv6 addresses.</summary>
    private static bool IsLoopback(IPAddress? remote) =>
        remote is not null && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);

    private static int? HealthEndpointPort(IConfiguration configuration)
    {
        var url = configuration[HealthEndpointUrlKey];
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        try
        {
            // BindingAddress reads Kestrel's forms too (http://*:5002, http://+:5002). Port 0 is
            // "any free port", which no connection reports, so there is nothing to map.
            var port = BindingAddress.Parse(url).Port;
            return port > 0 ? port : null;
        }
        catch (FormatException)
        {
            // Kestrel itself refuses a malformed URL with a clear error when it starts.
            return null;
        }
    }
}
