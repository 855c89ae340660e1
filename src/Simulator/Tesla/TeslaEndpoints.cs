using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using TeslaSync.Simulator.Amber;

namespace TeslaSync.Simulator.Tesla;

/// <summary>
/// Tesla Fleet API energy endpoints under <c>/tesla/api/1</c> (CONTRACTS §2) for the simulated account's Powerwall sites
/// (<see cref="TeslaSites"/>): each site id answers with that site's own settings and tariff.
/// </summary>
public static class TeslaEndpoints
{
    /// <summary>When the simulated system was commissioned; shown in site_info.</summary>
    public static readonly DateTimeOffset InstallationDate = new(2024, 1, 15, 0, 0, 0, TimeSpan.FromHours(10.5));

    public static IEndpointRouteBuilder MapTeslaEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapTeslaOAuthEndpoints();

        // /tesla/api/metadata (Teslemetry) and /tesla/api/1/* (Fleet) share the bearer check.
        var root = app.MapGroup("/tesla/api").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var options = http.RequestServices.GetRequiredService<IOptions<TeslaOptions>>().Value;
            if (BearerToken.Matches(http, options.AccessToken))
            {
                return await next(context);
            }

            var presented = Bearer(http);
            var check = presented is null ? AccessTokenCheck.Unknown : http.RequestServices.GetRequiredService<TeslaOAuthServer>().Check(presented);
            return check switch
            {
                AccessTokenCheck.Valid => await next(context),
                AccessTokenCheck.Expired => Json(401, TeslaJson.Error("token expired (401)", "")),
                _ => Json(401, TeslaJson.Error("invalid bearer token", "")),
            };
        });

        root.MapGet("/metadata", (IOptions<TeslaOptions> options, TeslaSites sites) => Json(200, TeslaJson.TeslemetryMetadata(options.Value, sites.Identities())));

        var api = root.MapGroup("/1");

        api.MapGet("/users/region", (HttpRequest request, IOptions<TeslaOptions> options) =>
        {
            var configured = options.Value.FleetApiBaseUrl;
            var own = $"{request.Scheme}://{request.Host}{request.PathBase}/tesla";
            return Json(200, TeslaJson.UserRegion(options.Value.Region.ToLowerInvariant(), string.IsNullOrEmpty(configured) ? own : configured));
        });

        api.MapGet("/products", (TeslaSites sites) =>
        {
            // One sample for all: every site reports the demo site's power figures (see TeslaSite.Powerwall).
            var live = sites.Demo.Powerwall.Sample();
            var items = sites.Identities()
                .Select(identity => TeslaJson.ProductsItem(identity, live, sites.StateIfCreated(identity)?.StormModeEnabled ?? false))
                .ToList();
            return Json(200, TeslaJson.Products(items));
        }).AddEndpointFilter(RateLimited);

        // Resolves {id} to one of the account's sites for the handlers (HttpContext.EnergySite()); other ids are 404.
        var site = api.MapGroup("/energy_sites/{id}").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var id = http.Request.RouteValues["id"]?.ToString();
            if (!http.RequestServices.GetRequiredService<TeslaSites>().TryGet(id, out var energySite))
            {
                return Json(404, TeslaJson.Error("not_found", $"Energy site {id} not found"));
            }

            http.SetEnergySite(energySite);
            return await next(context);
        }).AddEndpointFilter(RateLimited);

        site.MapGet("/site_info", (HttpContext http, IOptions<TeslaOptions> options) =>
        {
            var energySite = http.EnergySite();
            return Json(200, TeslaJson.SiteInfo(options.Value, energySite.Identity, energySite.State, InstallationDate));
        });

        site.MapGet("/live_status", (HttpContext http, TimeProvider time) =>
        {
            var powerwall = http.EnergySite().Powerwall;
            var now = time.GetUtcNow();
            var live = powerwall.Sample();
            return Json(200, TeslaJson.LiveStatus(live, powerwall.ToSiteTime(now)));
        });

        // kind=energy: the model's counters per bucket (see PowerwallModel.History); kind=backup: no outages.
        site.MapGet("/calendar_history", (HttpRequest request, IOptions<TeslaOptions> options) =>
        {
            var energySite = request.HttpContext.EnergySite();
            var powerwall = energySite.Powerwall;
            var query = request.Query;
            var kind = query["kind"].ToString();
            if (kind == "backup")
            {
                return Json(200, TeslaJson.BackupHistory());
            }

            if (kind is not ("" or "energy"))
            {
                return Json(400, TeslaJson.Error("invalid_field", "kind must be energy or backup"));
            }

            var period = query["period"].ToString() is { Length: > 0 } p ? p : "day";
            if (!PowerwallModel.IsPeriod(period))
            {
                return Json(400, TeslaJson.Error("invalid_field", "period must be day, week, month, year or lifetime"));
            }

            if (!TryReadDate(query["start_date"], out var start) || !TryReadDate(query["end_date"], out var end))
            {
                return Json(400, TeslaJson.Error("invalid_field", "start_date and end_date must be RFC 3339 times, e.g. 2024-09-18T00:00:00+10:00"));
            }

            var zone = powerwall.Zone;
            var zoneId = query["time_zone"].ToString();
            if (zoneId.Length > 0 && !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone))
            {
                return Json(400, TeslaJson.Error("invalid_field", $"time_zone '{zoneId}' is not an IANA time zone"));
            }

            var buckets = powerwall.History(period, start, end, zone);
            return Json(200, TeslaJson.CalendarHistory(energySite.Identity.GatewayId, period, options.Value.InstallationTimeZone, buckets));
        });

        site.MapPost("/time_of_use_settings", async (HttpRequest request, TimeProvider time) =>
        {
            var state = request.HttpContext.EnergySite().State;
            var (raw, body) = await ReadBodyAsync(request);
            var tariff = body?["tou_settings"]?["tariff_content_v2"];
            if (TariffProblem(tariff) is { } problem)
            {
                return Json(400, TeslaJson.Error("invalid_field", problem));
            }

            state.ApplyTariff(time.GetUtcNow(), raw, tariff!);
            return Json(200, TeslaJson.CommandOk());
        });

        site.MapPost("/operation", async (HttpRequest request) =>
        {
            var state = request.HttpContext.EnergySite().State;
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

        site.MapPost("/backup", async (HttpRequest request) =>
        {
            var state = request.HttpContext.EnergySite().State;
            var (_, body) = await ReadBodyAsync(request);
            var percent = body?["backup_reserve_percent"] is JsonValue value && value.TryGetValue<int>(out var p) ? p : -1;
            if (percent is < 0 or > 100)
            {
                return Json(400, TeslaJson.Error("invalid_field", "backup_reserve_percent must be an integer 0-100"));
            }

            state.SetBackupReserve(percent);
            return Json(200, TeslaJson.CommandOk());
        });

        site.MapPost("/storm_mode", async (HttpRequest request) =>
        {
            var state = request.HttpContext.EnergySite().State;
            var (_, body) = await ReadBodyAsync(request);
            if (body?["enabled"] is not JsonValue value || !value.TryGetValue<bool>(out var enabled))
            {
                return Json(400, TeslaJson.Error("invalid_field", "enabled must be true or false"));
            }

            state.SetStormMode(enabled);
            return Json(200, TeslaJson.CommandOk());
        });

        site.MapPost("/grid_import_export", async (HttpRequest request) =>
        {
            var state = request.HttpContext.EnergySite().State;
            var (_, body) = await ReadBodyAsync(request);
            if (!TryReadGridImportExport(body, out var rule, out var disallow))
            {
                return Json(400, TeslaJson.Error("invalid_field",
                    "give customer_preferred_export_rule (never, pv_only, battery_ok) and/or disallow_charge_from_grid_with_solar_installed (bool)"));
            }

            state.SetGridImportExport(rule, disallow);
            return Json(200, TeslaJson.CommandOk());
        });

        return app;
    }

    /// <summary>Validates a <c>tariff_content_v2</c> the way the endpoint does; null when acceptable.</summary>
    public static string? TariffProblem(JsonNode? tariff) =>
        tariff is JsonObject t && t["energy_charges"] is JsonObject && t["seasons"] is JsonObject
            ? null
            : "tou_settings.tariff_content_v2 must be an object with energy_charges and seasons";

    /// <summary>Per-site (or account) rate limit: 429 with <c>Retry-After</c> when the window's calls are used up.</summary>
    private static async ValueTask<object?> RateLimited(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        // The resolved site's id, so "+2252150839614386" and "2252150839614386" share one budget.
        var scope = http.EnergySiteOrNull()?.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "account";
        var command = HttpMethods.IsPost(http.Request.Method);
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var (allowed, limit, remaining, reset) = http.RequestServices.GetRequiredService<TeslaRateLimiter>().Consume(scope, command, now);
        if (allowed)
        {
            return await next(context);
        }

        var headers = http.Response.Headers;
        headers.RetryAfter = reset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["RateLimit-Limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["RateLimit-Reset"] = reset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Json(429, TeslaJson.Error("Too Many Requests", $"Rate limit exceeded; retry in {reset} s"));
    }

    /// <summary>An absent date is fine (null); a present one must parse. A '+' sent unescaped arrives as a space.</summary>
    private static bool TryReadDate(Microsoft.Extensions.Primitives.StringValues value, out DateTimeOffset? date)
    {
        date = null;
        var text = value.ToString().Trim().Replace(' ', '+');
        if (text.Length == 0)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }

    /// <summary>Either field may be left out (and is then left unchanged), but not both.</summary>
    private static bool TryReadGridImportExport(JsonNode? body, out string? rule, out bool? disallow)
    {
        rule = null;
        disallow = null;
        var ruleNode = body?["customer_preferred_export_rule"];
        var disallowNode = body?["disallow_charge_from_grid_with_solar_installed"];
        if (ruleNode is null && disallowNode is null)
        {
            return false;
        }

        if (ruleNode is not null)
        {
            if (ruleNode is not JsonValue r || !r.TryGetValue<string>(out var text) || !TeslaSiteState.ExportRules.Contains(text))
            {
                return false;
            }

            rule = text;
        }

        if (disallowNode is not null)
        {
            if (disallowNode is not JsonValue d || !d.TryGetValue<bool>(out var flag))
            {
                return false;
            }

            disallow = flag;
        }

        return true;
    }

    private static string? Bearer(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
    }

    /// <summary>The body as received (kept verbatim for /sim uploads) and parsed; null tree when it is not JSON.</summary>
    internal static async Task<(string Raw, JsonNode? Tree)> ReadBodyAsync(HttpRequest request)
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

    internal static IResult Json(int status, string body) => Results.Content(body, "application/json", statusCode: status);
}
