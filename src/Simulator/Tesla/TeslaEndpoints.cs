using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using TeslaSync.Simulator.Amber;

namespace TeslaSync.Simulator.Tesla;

/// <summary>Tesla Fleet API energy endpoints under <c>/tesla/api/1</c> (CONTRACTS §2) for one simulated Powerwall site.</summary>
public static class TeslaEndpoints
{
    /// <summary>When the simulated system was commissioned; shown in site_info.</summary>
    public static readonly DateTimeOffset InstallationDate = new(2024, 1, 15, 0, 0, 0, TimeSpan.FromHours(10.5));

    public static IEndpointRouteBuilder MapTeslaEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/tesla/api/1").AddEndpointFilter(async (context, next) =>
        {
            var token = context.HttpContext.RequestServices.GetRequiredService<IOptions<TeslaOptions>>().Value.AccessToken;
            return BearerToken.Matches(context.HttpContext, token)
                ? await next(context)
                : Json(401, TeslaJson.Error("invalid bearer token", ""));
        });

        api.MapGet("/products", (IOptions<TeslaOptions> options, TeslaSiteState state, PowerwallModel powerwall, TimeProvider time) =>
        {
            var live = powerwall.Sample(time.GetUtcNow(), state.DefaultRealMode, state.BackupReservePercent);
            return Json(200, TeslaJson.Products(options.Value, live, stormMode: false));
        });

        var site = api.MapGroup("/energy_sites/{id}").AddEndpointFilter(async (context, next) =>
        {
            var expected = context.HttpContext.RequestServices.GetRequiredService<IOptions<TeslaOptions>>().Value.EnergySiteId;
            var id = context.HttpContext.Request.RouteValues["id"]?.ToString();
            return long.TryParse(id, out var siteId) && siteId == expected
                ? await next(context)
                : Json(404, TeslaJson.Error("not_found", $"Energy site {id} not found"));
        });

        site.MapGet("/site_info", (IOptions<TeslaOptions> options, TeslaSiteState state) =>
            Json(200, TeslaJson.SiteInfo(options.Value, state, InstallationDate)));

        site.MapGet("/live_status", (TeslaSiteState state, PowerwallModel powerwall, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            var live = powerwall.Sample(now, state.DefaultRealMode, state.BackupReservePercent);
            return Json(200, TeslaJson.LiveStatus(live, powerwall.ToSiteTime(now)));
        });

        site.MapPost("/time_of_use_settings", async (HttpRequest request, TeslaSiteState state, TimeProvider time) =>
        {
            var (raw, body) = await ReadBodyAsync(request);
            var tariff = body?["tou_settings"]?["tariff_content_v2"];
            if (tariff is not JsonObject tariffObject || tariffObject["energy_charges"] is not JsonObject || tariffObject["seasons"] is not JsonObject)
            {
                return Json(400, TeslaJson.Error("invalid_field",
                    "tou_settings.tariff_content_v2 must be an object with energy_charges and seasons"));
            }

            state.ApplyTariff(time.GetUtcNow(), raw, tariffObject);
            return Json(200, TeslaJson.CommandOk());
        });

        site.MapPost("/operation", async (HttpRequest request, TeslaSiteState state) =>
        {
            var (_, body) = await ReadBodyAsync(request);
            var mode = body?["default_real_mode"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            if (mode is null || !TeslaSiteState.OperationModes.Contains(mode))
            {
                return Json(400, TeslaJson.Error("invalid_field",
                    "default_real_mode must be one of self_consumption, autonomous, backup"));
            }

            state.SetMode(mode);
            return Json(200, TeslaJson.CommandOk());
        });

        site.MapPost("/backup", async (HttpRequest request, TeslaSiteState state) =>
        {
            var (_, body) = await ReadBodyAsync(request);
            var percent = body?["backup_reserve_percent"] is JsonValue value && value.TryGetValue<int>(out var p) ? p : -1;
            if (percent is < 0 or > 100)
            {
                return Json(400, TeslaJson.Error("invalid_field", "backup_reserve_percent must be an integer 0-100"));
            }

            state.SetBackupReserve(percent);
            return Json(200, TeslaJson.CommandOk());
        });

        return app;
    }

    /// <summary>The body as received (kept verbatim for /sim uploads) and parsed; null tree when it is not JSON.</summary>
    private static async Task<(string Raw, JsonNode? Tree)> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var raw = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        try
        {
            return (raw, JsonNode.Parse(raw));
        }
        catch (JsonException)
        {
            return (raw, null);
        }
    }

    private static IResult Json(int status, string body) => Results.Content(body, "application/json", statusCode: status);
}
