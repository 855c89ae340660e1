using System.Text;

namespace TeslaSync.Gateway.Api.Events;

/// <summary>
/// <c>GET /api/events</c>: server-sent events. Each bus event is one <c>event: name / data: json</c>
/// frame; a comment line every <see cref="HeartbeatInterval"/> keeps proxies from closing an idle stream.
/// </summary>
/// <remarks>
/// Written by hand rather than with <c>TypedResults.ServerSentEvents</c>: that API cannot send
/// comment lines, and a heartbeat should not look like an event to the page.
/// </remarks>
internal static class EventStreamApi
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    public static RouteGroupBuilder MapEventStreamApi(this RouteGroupBuilder api)
    {
        api.MapGet("/events", StreamAsync)
            .WithTags("Live")
            .WithName("StreamEvents")
            .WithSummary("Live updates as server-sent events: prices-updated, tariff-synced, spike-started, spike-ended, curtailment-changed, demand-window-changed, live-status-sampled and aemo-price-updated; data is the event as JSON.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return api;
    }

    private static async Task StreamAsync(HttpContext context, LiveEventHub hub)
    {
        var cancellationToken = context.RequestAborted;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();

        using var subscription = hub.Subscribe();
        try
        {
            // Tell the browser how long to wait before reconnecting, and open the stream at once.
            await WriteAsync(response, "retry: 5000\n: connected\n\n", cancellationToken);
            using var heartbeat = new PeriodicTimer(HeartbeatInterval);
            var tick = heartbeat.WaitForNextTickAsync(cancellationToken).AsTask();
            Task<bool>? read = null;
            while (true)
            {
                // One read outstanding at a time: the client's queue has a single reader.
                read ??= subscription.Reader.WaitToReadAsync(cancellationToken).AsTask();
                if (await Task.WhenAny(read, tick) == tick)
                {
                    if (!await tick)
                    {
                        return;
                    }

                    await WriteAsync(response, ": heartbeat\n\n", cancellationToken);
                    tick = heartbeat.WaitForNextTickAsync(cancellationToken).AsTask();
                    continue;
                }

                if (!await read)
                {
                    return;
                }

                read = null;
                while (subscription.Reader.TryRead(out var liveEvent))
                {
                    await WriteAsync(response, Frame(liveEvent), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The browser went away.
        }
    }

    internal static string Frame(LiveEvent liveEvent)
    {
        var frame = new StringBuilder();
        frame.Append("event: ").Append(liveEvent.Name).Append('\n');
        foreach (var line in liveEvent.Json.Split('\n'))
        {
            frame.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        return frame.Append('\n').ToString();
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
