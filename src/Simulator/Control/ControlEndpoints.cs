using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using TeslaSync.Simulator.Amber;
using TeslaSync.Simulator.Tesla;

namespace TeslaSync.Simulator.Control;

/// <summary>
/// Inspection API for tests under <c>/sim</c> (no auth: loopback only): what the simulator received
/// and served, a state summary, and a reset between tests. Plus <c>/health</c> and <c>/alive</c>.
/// </summary>
public static class ControlEndpoints
{
    public static IEndpointRouteBuilder MapControlEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => Results.Text("Healthy"));
        app.MapGet("/alive", () => Results.Text("Healthy"));

        var sim = app.MapGroup("/sim");

        sim.MapGet("/tesla/energy_sites/{id:long}/uploads", (long id, IOptions<TeslaOptions> options, TeslaSiteState state) =>
        {
            if (id != options.Value.EnergySiteId)
            {
                return Results.NotFound();
            }

            var list = new JsonArray();
            foreach (var upload in state.Uploads())
            {
                list.Add(new JsonObject
                {
                    ["receivedAt"] = Iso(upload.ReceivedAt),
                    ["body"] = JsonNode.Parse(upload.RawBody),
                });
            }

            return Json(list);
        });

        sim.MapGet("/amber/requests", (AmberRequestLog log) => Json(log.ToJson()));

        sim.MapGet("/state", (IOptions<AmberOptions> amber, IOptions<TeslaOptions> tesla, TeslaSiteState state,
            AmberRequestLog log, AmberWebSocketStats sockets, TimeProvider time) => Json(new JsonObject
        {
            ["now"] = Iso(time.GetUtcNow()),
            ["amber"] = new JsonObject
            {
                ["siteId"] = amber.Value.SiteId,
                ["region"] = amber.Value.Region,
                ["intervalLength"] = amber.Value.IntervalLength,
                ["requestsServed"] = log.Total,
                ["webSocketConnections"] = sockets.OpenConnections,
                ["webSocketPushes"] = sockets.PushesSent,
                ["webSocketForbidden"] = amber.Value.WebSocketForbidden,
            },
            ["tesla"] = new JsonObject
            {
                ["energySiteId"] = tesla.Value.EnergySiteId,
                ["defaultRealMode"] = state.DefaultRealMode,
                ["backupReservePercent"] = state.BackupReservePercent,
                ["tariffUploads"] = state.Uploads().Count,
                ["tariffName"] = state.TariffContentV2()["name"]?.DeepClone(),
            },
        }));

        // Tests sharing one simulator call this between cases.
        sim.MapPost("/reset", (TeslaSiteState state, AmberRequestLog log) =>
        {
            state.Reset();
            log.Clear();
            return Results.NoContent();
        });

        return app;
    }

    private static string Iso(DateTimeOffset instant) => instant.ToString("O", CultureInfo.InvariantCulture);

    private static IResult Json(JsonNode node) => Results.Content(node.ToJsonString(TeslaJson.Options), "application/json");
}
