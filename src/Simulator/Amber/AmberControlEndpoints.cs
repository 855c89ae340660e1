using System.Globalization;
using System.Text.Json.Nodes;

namespace TeslaSync.Simulator.Amber;

/// <summary>
/// Test controls for the Amber double under <c>/sim/amber</c> (no auth: loopback only):
/// <list type="bullet">
/// <item><c>POST /sim/amber/faults</c> (array of <see cref="AmberFault"/>), <c>GET</c>, <c>DELETE</c>: REST misbehaviour, each served once.</item>
/// <item><c>POST /sim/amber/websocket</c> <c>{"forbidden":true,"pushDelaySeconds":5,"silent":true}</c> (any subset), <c>GET</c>:
/// the live-prices socket's behaviour and counters.</item>
/// </list>
/// </summary>
public static class AmberControlEndpoints
{
    public static IEndpointRouteBuilder MapAmberControls(this IEndpointRouteBuilder app)
    {
        var amber = app.MapGroup("/sim/amber");

        amber.MapPost("/faults", (AmberFault[] faults, AmberFaultQueue queue) =>
        {
            if (faults.Select(f => f.Problem()).FirstOrDefault(p => p is not null) is { } problem)
            {
                return Results.BadRequest(new { error = problem });
            }

            queue.Enqueue(faults);
            return Results.Ok(queue.Pending());
        });
        amber.MapGet("/faults", (AmberFaultQueue queue) => Results.Ok(queue.Pending()));
        amber.MapDelete("/faults", (AmberFaultQueue queue) =>
        {
            queue.Clear();
            return Results.NoContent();
        });

        amber.MapGet("/websocket", (AmberWebSocketSettings settings, AmberWebSocketStats stats) => WebSocketState(settings, stats));
        amber.MapPost("/websocket", (AmberWebSocketBehaviourChange change, AmberWebSocketSettings settings, AmberWebSocketStats stats) =>
            settings.Apply(change) is { } problem ? Results.BadRequest(new { error = problem }) : WebSocketState(settings, stats));

        return app;
    }

    private static IResult WebSocketState(AmberWebSocketSettings settings, AmberWebSocketStats stats)
    {
        var current = settings.Current;
        var state = new JsonObject
        {
            ["forbidden"] = current.Forbidden,
            ["pushDelaySeconds"] = current.PushDelaySeconds,
            ["silent"] = current.Silent,
            ["handshakeAttempts"] = stats.HandshakeAttempts,
            ["handshakesRefused"] = stats.HandshakesRefused,
            ["subscriptions"] = stats.Subscriptions,
            ["openConnections"] = stats.OpenConnections,
            ["pushesSent"] = stats.PushesSent,
            ["lastPushWallClock"] = stats.LastPushWallClock?.ToString("O", CultureInfo.InvariantCulture),
        };
        return Results.Content(state.ToJsonString(), "application/json");
    }
}
