using System.Globalization;
using Microsoft.Extensions.Options;
using TeslaSync.Simulator.Control;
using TeslaSync.Simulator.Market;

namespace TeslaSync.Simulator.Amber;

/// <summary>Amber public API v1 under <c>/amber/v1</c> (CONTRACTS §1): sites, current prices, price history.</summary>
public static class AmberEndpoints
{
    public const int MaxIntervals = 2048;
    public const int MaxDays = 7;

    public static IEndpointRouteBuilder MapAmberEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/amber/v1");
        v1.MapGet("/sites", (HttpContext http, AmberResponder responder, IOptions<AmberOptions> options) =>
            responder.RespondAsync(http, () => (200, AmberJson.Sites(options.Value))));

        v1.MapGet("/sites/{siteId}/prices/current", (HttpContext http, string siteId, AmberResponder responder,
            AmberPriceModel model, IOptions<AmberOptions> options, TimeProvider time) =>
            responder.RespondAsync(http, siteId, () =>
            {
                var query = http.Request.Query;
                if (!TryInt(query["previous"], 0, out var previous) || !TryInt(query["next"], 0, out var next) ||
                    !TryResolution(query["resolution"], options.Value.IntervalLength, out var resolution))
                {
                    return (400, AmberJson.Message("Invalid request parameters"));
                }

                if (previous + next > MaxIntervals)
                {
                    return (422, AmberJson.Message($"previous + next must not exceed {MaxIntervals} intervals"));
                }

                var intervals = model.CurrentWindow(options.Value.Region, time.GetUtcNow(), previous, next, resolution);
                return (200, AmberJson.Intervals(intervals));
            }));

        v1.MapGet("/sites/{siteId}/prices", (HttpContext http, string siteId, AmberResponder responder,
            AmberPriceModel model, IOptions<AmberOptions> options, TimeProvider time) =>
            responder.RespondAsync(http, siteId, () =>
            {
                var now = time.GetUtcNow();
                var today = NemTime.DateOf(now);
                var query = http.Request.Query;
                if (!TryDate(query["startDate"], today, out var startDate) || !TryDate(query["endDate"], today, out var endDate) ||
                    !TryResolution(query["resolution"], options.Value.IntervalLength, out var resolution) || endDate < startDate)
                {
                    return (400, AmberJson.Message("Invalid request parameters"));
                }

                // Inclusive day count, so at most 7 calendar days per request.
                if (endDate.DayNumber - startDate.DayNumber + 1 > MaxDays)
                {
                    return (422, AmberJson.Message($"Date range must not exceed {MaxDays} days"));
                }

                var intervals = model.Days(options.Value.Region, startDate, endDate, resolution, now);
                return (200, AmberJson.Intervals(intervals));
            }));

        return app;
    }

    private static bool TryInt(string? text, int fallback, out int value)
    {
        value = fallback;
        return string.IsNullOrEmpty(text) || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 0);
    }

    private static bool TryResolution(string? text, int fallback, out int value)
    {
        value = fallback;
        return string.IsNullOrEmpty(text) || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is 5 or 30);
    }

    private static bool TryDate(string? text, DateOnly fallback, out DateOnly value)
    {
        value = fallback;
        return string.IsNullOrEmpty(text) || DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }
}

/// <summary>
/// The cross-cutting part of every Amber REST response: scripted faults (<c>/sim/amber/faults</c>), bearer check,
/// unknown-site 404, rate-limit headers on 2xx (and 429 when enforcement is on), and recording what was served for
/// <c>/sim/amber/requests</c>.
/// </summary>
public sealed class AmberResponder(IOptions<AmberOptions> options, AmberRateLimit rateLimit, AmberRequestLog log, AmberFaultQueue faults,
    TimeProvider time)
{
    private const string AmberRoot = "/amber/v1";

    public Task<IResult> RespondAsync(HttpContext http, Func<(int Status, string Body)> handler) => RespondAsync(http, siteId: null, handler);

    public async Task<IResult> RespondAsync(HttpContext http, string? siteId, Func<(int Status, string Body)> handler)
    {
        var now = time.GetUtcNow();
        var path = http.Request.Path.Value ?? "";
        var fault = faults.Take(http.Request.Method, path.StartsWith(AmberRoot, StringComparison.Ordinal) ? path[AmberRoot.Length..] : path);
        if (fault is { DelayMs: > 0 })
        {
            // Wall-clock on purpose: it exercises the client's real timeouts even when the simulator's clock is fake.
            await Task.Delay(fault.DelayMs, http.RequestAborted);
        }

        var (status, body) = fault is null || fault.Kind == AmberFaultKinds.Latency ? Handle(http, siteId, now, handler) : Serve(http, fault);
        log.Add(new ServedResponse(now, path, http.Request.QueryString.Value ?? "", status, body));
        return Results.Content(body, "application/json", statusCode: status);
    }

    private static (int Status, string Body) Serve(HttpContext http, AmberFault fault)
    {
        var headers = http.Response.Headers;
        switch (fault.Kind)
        {
            case AmberFaultKinds.RateLimit:
                // As AWS API Gateway/CloudFront answers for Amber (public-api#280); Retry-After and RateLimit-Reset only when scripted.
                headers["x-amzn-ErrorType"] = "TooManyRequestsException";
                headers["X-Cache"] = "Error from cloudfront";
                if (fault.RetryAfterSeconds is { } retryAfter)
                {
                    headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                }

                if (fault.RateLimitResetSeconds is { } reset)
                {
                    headers["RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
                }

                return (429, AmberJson.Message("Too Many Requests"));
            case AmberFaultKinds.ServerError:
                return (fault.Status ?? 500, AmberFault.InternalServerErrorBody);
            default: // malformed: a 200 cut off mid-interval
                return (200, """[{"type":"CurrentInterval","date":"2026-11-23","duration":30,"startTime":""");
        }
    }

    private (int Status, string Body) Handle(HttpContext http, string? siteId, DateTimeOffset now, Func<(int, string)> handler)
    {
        if (!BearerToken.Matches(http, options.Value.ApiToken))
        {
            return (401, AmberJson.Message("Unauthorized"));
        }

        var (allowed, remaining, reset) = rateLimit.Consume(now);
        if (!allowed && options.Value.EnforceRateLimit)
        {
            return (429, AmberJson.Message("Too Many Requests"));
        }

        if (siteId is not null && !string.Equals(siteId, options.Value.SiteId, StringComparison.Ordinal))
        {
            return (404, AmberJson.Message("Site not found"));
        }

        var (status, body) = handler();
        if (status is >= 200 and < 300)
        {
            var headers = http.Response.Headers;
            headers["RateLimit-Limit"] = rateLimit.Limit.ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Policy"] = rateLimit.Policy;
        }

        return (status, body);
    }
}

/// <summary>Exact, case-sensitive bearer token comparison (the scheme name is case-insensitive, as in RFC 6750).</summary>
public static class BearerToken
{
    public static bool Matches(HttpContext http, string expected)
    {
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) &&
               string.Equals(header[scheme.Length..].Trim(), expected, StringComparison.Ordinal);
    }
}
