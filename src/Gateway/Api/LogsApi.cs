using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TeslaSync.ServiceDefaults;
using TeslaSync.ServiceDefaults.Logging;

namespace TeslaSync.Gateway.Api;

/// <summary>One entry of the merged log: which service wrote it, when, how bad and what it said.</summary>
public sealed record LogEntryDto(DateTimeOffset At, string Service, string Level, string Category, string Message, string? Exception);

/// <summary>The merged log, newest first, and the services that did not answer (their entries are missing).</summary>
public sealed record LogsDto(IReadOnlyList<LogEntryDto> Entries, IReadOnlyList<string> Unreachable);

/// <summary>
/// The log viewer: every service's recent entries (their <c>/logs</c> on the loopback health
/// endpoint) and the Gateway's own, merged newest first. A service that is down or slow is
/// listed as unreachable; it never fails the whole answer.
/// </summary>
internal static class LogsApi
{
    /// <summary>The download names the services that did not answer here.</summary>
    public const string UnreachableHeader = "X-Logs-Unreachable";

    private static readonly IReadOnlyList<string> Services = [ResourceNames.Gateway, .. BackendServices.Names];

    private static readonly IReadOnlyDictionary<string, Microsoft.Extensions.Logging.LogLevel> Levels =
        LogQuery.Levels.ToDictionary(level => level.ToString(), level => level, StringComparer.OrdinalIgnoreCase);

    public static void AddLogsApi(this IHostApplicationBuilder builder)
    {
        // A service that does not answer at once is reported as unreachable, not retried:
        // the page asks again when the user refreshes. RemoveAllResilienceHandlers is marked
        // experimental; it is the documented way to opt out.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient<ServiceLogsReader>(client => client.Timeout = ServiceLogsReader.Timeout)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddScoped<MergedLogReader>();
    }

    public static RouteGroupBuilder MapLogsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/logs").WithTags("Logs");

        group.MapGet("", async (string? level, string? service, string? contains, string? limit, MergedLogReader reader, CancellationToken ct) =>
            {
                var input = new ApiInput();
                var query = ReadQuery(input, level, contains, limit);
                var services = ReadServices(input, service);
                if (!input.IsValid)
                {
                    return input.Problem();
                }

                return TypedResults.Ok(await reader.ReadAsync(services, query!, ct));
            })
            .WithName("GetLogs")
            .WithSummary("Recent log entries of every service, newest first. level: this level and above (Information, Warning, Error); "
                + "service: one of gateway, priceingest, tariffsync, gridevents, telemetry; contains: text; limit: 1 to 10000 (default 500). "
                + "unreachable lists the services that did not answer.")
            .Produces<LogsDto>().ProducesValidationProblem();

        group.MapGet("/download", async (string? level, string? service, string? contains, MergedLogReader reader, TimeProvider time, HttpContext context, CancellationToken ct) =>
            {
                var input = new ApiInput();
                var query = ReadQuery(input, level, contains, LogQuery.MaxLimit.ToString(CultureInfo.InvariantCulture));
                var services = ReadServices(input, service);
                if (!input.IsValid)
                {
                    return input.Problem();
                }

                var logs = await reader.ReadAsync(services, query!, ct);
                if (logs.Unreachable.Count > 0)
                {
                    // The file is one line per entry, so the gap is told in a header instead.
                    context.Response.Headers[UnreachableHeader] = string.Join(',', logs.Unreachable);
                }

                var fileName = $"teslasync-logs-{time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.txt";
                return TypedResults.File(Encoding.UTF8.GetBytes(LogText.Write(logs.Entries)), "text/plain; charset=utf-8", fileName);
            })
            .WithName("DownloadLogs")
            .WithSummary("The same entries as GET /api/logs (all that are kept, up to 10000) as a text file, oldest first, one line per entry. "
                + $"Services that did not answer are named in the {UnreachableHeader} header.")
            .Produces<string>(contentType: "text/plain").ProducesValidationProblem();

        return api;
    }

    private static LogQuery? ReadQuery(ApiInput input, string? level, string? contains, string? limit)
    {
        var minimum = input.Choice("level", level, Microsoft.Extensions.Logging.LogLevel.Trace, Levels);
        if (contains is { Length: > LogQuery.MaxContainsLength })
        {
            input.Error("contains", $"contains must be at most {LogQuery.MaxContainsLength} characters.");
        }

        var count = input.Integer("limit", limit, LogQuery.DefaultLimit, 1, LogQuery.MaxLimit);
        return input.IsValid ? new LogQuery(minimum!.Value, string.IsNullOrWhiteSpace(contains) ? null : contains.Trim(), count!.Value) : null;
    }

    private static IReadOnlyList<string> ReadServices(ApiInput input, string? service)
    {
        if (string.IsNullOrWhiteSpace(service))
        {
            return Services;
        }

        var name = Services.FirstOrDefault(candidate => string.Equals(candidate, service.Trim(), StringComparison.OrdinalIgnoreCase));
        if (name is null)
        {
            input.Error("service", $"'{service}' must be one of: {string.Join(", ", Services)}.");
            return [];
        }

        return [name];
    }
}

/// <summary>Reads the chosen services' logs in parallel, adds the Gateway's own, and merges them.</summary>
internal sealed class MergedLogReader(ServiceLogsReader services, RecentLogBuffer ownLog)
{
    public async Task<LogsDto> ReadAsync(IReadOnlyList<string> names, LogQuery query, CancellationToken cancellationToken)
    {
        var reads = names.Select(name => name == ResourceNames.Gateway
                ? Task.FromResult<IReadOnlyList<LogEntry>?>(ownLog.Read(query))
                : services.ReadAsync(name, query, cancellationToken))
            .ToList();
        var results = await Task.WhenAll(reads);
        return LogMerge.NewestFirst(names.Zip(results), query.Limit);
    }
}

/// <summary>Merging is pure: each service's entries are already newest first.</summary>
internal static class LogMerge
{
    /// <summary>
    /// Newest first across services; entries logged at the same instant keep their service's
    /// order (the sort is stable). A service without entries (null) is unreachable.
    /// </summary>
    public static LogsDto NewestFirst(IEnumerable<(string Service, IReadOnlyList<LogEntry>? Entries)> sources, int limit)
    {
        var unreachable = new List<string>();
        var entries = new List<LogEntryDto>();
        foreach (var (service, list) in sources)
        {
            if (list is null)
            {
                unreachable.Add(service);
                continue;
            }

            entries.AddRange(list.Select(entry => new LogEntryDto(entry.At, service, entry.Level.ToString(), entry.Category, entry.Message, entry.Exception)));
        }

        return new LogsDto(entries.OrderByDescending(entry => entry.At).Take(limit).ToList(), unreachable);
    }
}

/// <summary>Asks one service's <c>/logs</c> on its health endpoint.</summary>
internal sealed class ServiceLogsReader(HttpClient http)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>The service's matching entries, newest first, or null when it did not answer properly.</summary>
    public async Task<IReadOnlyList<LogEntry>?> ReadAsync(string service, LogQuery query, CancellationToken cancellationToken)
    {
        var address = $"http://_health.{service}{RecentLogsExtensions.LogsPath}?level={query.MinimumLevel}&limit={query.Limit.ToString(CultureInfo.InvariantCulture)}"
            + (query.Contains is null ? "" : $"&contains={Uri.EscapeDataString(query.Contains)}");
        try
        {
            // "_health.{service}" asks service discovery for the service's "health" endpoint.
            using var response = await http.GetAsync(new Uri(address), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = await response.Content.ReadFromJsonAsync<LogEntries>(JsonSerializerOptions.Web, cancellationToken);
            return body?.Entries;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException or JsonException or NotSupportedException)
        {
            return null;
        }
    }
}

/// <summary>The downloaded log: oldest first, one line per entry, line breaks inside an entry written as <c>\n</c>.</summary>
internal static class LogText
{
    public static string Write(IReadOnlyList<LogEntryDto> newestFirst)
    {
        var text = new StringBuilder();
        for (var i = newestFirst.Count - 1; i >= 0; i--)
        {
            var entry = newestFirst[i];
            text.Append(CultureInfo.InvariantCulture, $"{entry.At.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {entry.Level} {entry.Service} {entry.Category}: {OneLine(entry.Message)}");
            if (entry.Exception is { } exception)
            {
                text.Append(" | ").Append(OneLine(exception));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string OneLine(string text) => text.Replace("\r\n", "\\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\n", "\\n", StringComparison.Ordinal);
}
