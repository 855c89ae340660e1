using System.Globalization;
using Microsoft.Extensions.Options;

namespace TeslaSync.Simulator.Tesla;

/// <summary>
/// In front of every <c>/tesla</c> request: waits the steady <c>Simulator:Tesla:LatencyMs</c>, serves the next matching
/// scripted fault instead of (or, for latency, after a further delay before) the real answer, and logs what was answered.
/// </summary>
public static class TeslaTrafficMiddleware
{
    /// <summary>The only transcribed 408 body (a vehicle's); energy sites are assumed to answer alike.</summary>
    public const string OfflineError = "vehicle unavailable: vehicle is offline or asleep";

    public static IApplicationBuilder UseTeslaTraffic(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments("/tesla", out var below))
        {
            await next(context);
            return;
        }

        var services = context.RequestServices;
        var at = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var fault = services.GetRequiredService<TeslaFaultQueue>().Take(context.Request.Method, below.HasValue ? below.Value! : "/");
        var delayMs = services.GetRequiredService<IOptions<TeslaOptions>>().Value.LatencyMs + (fault?.DelayMs ?? 0);
        if (delayMs > 0)
        {
            // Wall-clock on purpose: it exercises the client's real timeouts even when the simulator's clock is fake.
            // An awaited timer holds no thread, so any number of requests wait side by side.
            await Task.Delay(delayMs, context.RequestAborted);
        }

        if (fault is null || fault.Kind == TeslaFaultKinds.Latency)
        {
            await next(context);
        }
        else
        {
            await ServeAsync(context, fault);
        }

        services.GetRequiredService<TeslaRequestLog>().Add(new TeslaServedRequest(at, context.Request.Method, context.Request.Path, context.Response.StatusCode));
    });

    private static Task ServeAsync(HttpContext context, TeslaFault fault)
    {
        var response = context.Response;
        response.ContentType = "application/json";
        switch (fault.Kind)
        {
            case TeslaFaultKinds.RateLimit:
                var wait = fault.RetryAfterSeconds ?? 1;
                response.StatusCode = 429;
                response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                return response.WriteAsync(TeslaJson.Error("Too Many Requests", $"Rate limit exceeded; retry in {wait} s"));
            case TeslaFaultKinds.ServerError:
                response.StatusCode = fault.Status ?? 500;
                return response.WriteAsync(TeslaJson.Error("internal server error", fault.ErrorDescription ?? string.Empty));
            case TeslaFaultKinds.Offline:
                response.StatusCode = 408;
                return response.WriteAsync(TeslaJson.Error(OfflineError, string.Empty));
            case TeslaFaultKinds.Malformed:
                response.StatusCode = 200;
                return response.WriteAsync("""{"response":{"truncated":""");
            default: // status
                response.StatusCode = fault.Status ?? 500;
                return response.WriteAsync(TeslaJson.Error(fault.Error ?? "error", fault.ErrorDescription ?? string.Empty));
        }
    }
}
