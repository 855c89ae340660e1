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

        sim.MapGet("/tesla/energy_sites/{id:long}/uploads", (long id, TeslaSites sites) =>
        {
            if (!sites.TryGet(id, out var site))
            {
                return Results.NotFound();
            }

            var list = new JsonArray();
            foreach (var upload in site.State.Uploads())
            {
                list.Add(new JsonObject
                {
                    ["receivedAt"] = Iso(upload.ReceivedAt),
                    ["body"] = JsonNode.Parse(upload.RawBody),
                });
            }

            return Json(list);
        });

        // What the Powerwall held over time (tariff code, mode, export rule, grid charging, reserve).
        sim.MapGet("/tesla/energy_sites/{id:long}/history", (long id, TeslaSites sites) =>
            sites.TryGet(id, out var site) ? Results.Ok(site.State.History()) : Results.NotFound());

        // The simulated Powerwall's own view: charge, settings in force, what it is doing, energy since it started.
        // Only the demo site has one; the extra sites merely report its figures, so their "settings in force" would lie.
        sim.MapGet("/tesla/energy_sites/{id:long}/powerwall", (long id, TeslaSites sites) =>
            !sites.TryGet(id, out var site) ? Results.NotFound()
            : site.HasOwnPowerwall ? Json(PowerwallJson(site.Powerwall.Status()))
            : Results.NotFound(new { error = $"Energy site {id} has no battery model of its own; it reports site {sites.Demo.Id}'s power figures." }));

        MapTeslaControls(sim);

        sim.MapGet("/amber/requests", (AmberRequestLog log) => Json(log.ToJson()));

        sim.MapGet("/state", (IOptions<AmberOptions> amber, IOptions<TeslaOptions> tesla, TeslaSiteState state, TeslaSites sites,
            AmberRequestLog log, AmberWebSocketStats sockets, AmberWebSocketSettings socketSettings, TeslaOAuthServer oauth, TeslaFaultQueue faults,
            TimeProvider time) => Json(new JsonObject
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
                ["webSocketForbidden"] = socketSettings.Current.Forbidden,
            },
            ["tesla"] = new JsonObject
            {
                ["energySiteId"] = tesla.Value.EnergySiteId,
                ["siteCount"] = sites.Count,
                ["latencyMs"] = tesla.Value.LatencyMs,
                ["defaultRealMode"] = state.DefaultRealMode,
                ["backupReservePercent"] = state.BackupReservePercent,
                ["tariffUploads"] = state.Uploads().Count,
                ["tariffName"] = state.TariffContentV2()["name"]?.DeepClone(),
                ["externalTariffChanges"] = state.ExternalTariffChanges,
                ["stormModeEnabled"] = state.StormModeEnabled,
                ["customerPreferredExportRule"] = state.ExportRule,
                ["tokenRefreshes"] = oauth.Refreshes,
                ["reusedRefreshTokens"] = oauth.ReusedRefreshTokens,
                ["pendingFaults"] = faults.Pending().Count,
            },
        }));

        // Tests sharing one simulator call this between cases. Issued OAuth tokens survive (they are the
        // user's Tesla account, which a service under test may still hold); faults and rate-limit counters do not.
        sim.MapPost("/reset", (TeslaSiteState state, TeslaSites sites, AmberRequestLog log, TeslaFaultQueue faults, TeslaRateLimiter limiter, TeslaRequestLog teslaLog,
            AmberFaultQueue amberFaults, AmberWebSocketSettings amberSocket, PowerwallModel powerwall) =>
        {
            state.Reset();
            sites.ResetExtraSites();
            powerwall.Reset();
            log.Clear();
            faults.Clear();
            amberFaults.Clear();
            amberSocket.Reset();
            limiter.Reset();
            teslaLog.Clear();
            return Results.NoContent();
        });

        return app;
    }

    private static void MapTeslaControls(RouteGroupBuilder sim)
    {
        var tesla = sim.MapGroup("/tesla");

        // A queue of misbehaviours, each served once to the next matching request: "429 then 200" is one fault.
        tesla.MapPost("/faults", (TeslaFault[] faults, TeslaFaultQueue queue) =>
        {
            if (faults.Select(f => f.Problem()).FirstOrDefault(p => p is not null) is { } problem)
            {
                return Results.BadRequest(new { error = problem });
            }

            queue.Enqueue(faults);
            return Results.Ok(queue.Pending());
        });
        tesla.MapGet("/faults", (TeslaFaultQueue queue) => Results.Ok(queue.Pending()));
        tesla.MapDelete("/faults", (TeslaFaultQueue queue) =>
        {
            queue.Clear();
            return Results.NoContent();
        });

        // The user edits the tariff in the Tesla app: no upload is recorded, only a read-back of site_info shows it.
        tesla.MapPost("/energy_sites/{id:long}/tariff", async (long id, HttpRequest request, TeslaSites sites) =>
        {
            if (!sites.TryGet(id, out var site))
            {
                return Results.NotFound();
            }

            var (_, body) = await TeslaEndpoints.ReadBodyAsync(request);
            var tariff = body?["tou_settings"]?["tariff_content_v2"] ?? body?["tariff_content_v2"] ?? body;
            if (TeslaEndpoints.TariffProblem(tariff) is { } problem)
            {
                return Results.BadRequest(new { error = problem });
            }

            site.State.ReplaceTariffExternally(tariff!);
            return Results.NoContent();
        });

        tesla.MapGet("/rate_limit", (TeslaRateLimiter limiter) => Results.Ok(limiter.Settings));
        tesla.MapPost("/rate_limit", (TeslaRateLimitOptions settings, TeslaRateLimiter limiter) =>
        {
            if (settings.DataReadsPerWindow < 0 || settings.CommandsPerWindow < 0 || settings.DataWindowSeconds < 1 || settings.CommandWindowSeconds < 1)
            {
                return Results.BadRequest(new { error = "limits must be >= 0 and windows >= 1 s" });
            }

            limiter.Configure(settings);
            return Results.Ok(limiter.Settings);
        });

        tesla.MapGet("/requests", (TeslaRequestLog log) => Results.Ok(log.Snapshot()));

        // For benchmarks: one cheap request tells whether every site of a fleet holds the new tariff, and when
        // (in real time) the last of them got it. Only sites with an upload since the start (or reset) are listed.
        tesla.MapGet("/uploads/latest", (TeslaSites sites) =>
        {
            var list = new JsonArray();
            foreach (var site in sites.Created())
            {
                var (count, latest) = site.State.LatestUpload();
                if (latest is not null)
                {
                    list.Add(new JsonObject
                    {
                        ["energySiteId"] = site.Id,
                        ["tariffUploads"] = count,
                        ["receivedAt"] = Iso(latest.ReceivedAt),
                        ["receivedAtWallClock"] = Iso(latest.ReceivedAtWallClock),
                    });
                }
            }

            return Json(new JsonObject { ["wallClock"] = Iso(TimeProvider.System.GetUtcNow()), ["sites"] = list });
        });

        // A signed-in account without the browser round trip, for tests that seed a service's token store.
        tesla.MapPost("/oauth/tokens", (TeslaOAuthServer oauth) => Results.Content(TeslaJson.Tokens(oauth.Issue()), "application/json"));
    }

    private static string Iso(DateTimeOffset instant) => instant.ToString("O", CultureInfo.InvariantCulture);

    private static JsonObject PowerwallJson(PowerwallStatus status)
    {
        var live = status.Live;
        var totals = status.Totals;
        return new JsonObject
        {
            ["now"] = Iso(status.Now),
            ["since"] = Iso(status.Since),
            ["solarPowerW"] = live.SolarPower,
            ["loadPowerW"] = live.LoadPower,
            ["batteryPowerW"] = live.BatteryPower,
            ["gridPowerW"] = live.GridPower,
            ["percentageCharged"] = live.PercentageCharged,
            ["energyLeftWh"] = live.EnergyLeft,
            ["totalPackEnergyWh"] = live.TotalPackEnergy,
            ["mode"] = status.Settings.Mode,
            ["backupReservePercent"] = status.Settings.BackupReservePercent,
            ["exportRule"] = status.Settings.ExportRule,
            ["gridChargingAllowed"] = status.Settings.GridChargingAllowed,
            ["tariffCode"] = status.TariffCode,
            ["intent"] = status.Intent.ToString(),
            ["totalsWh"] = new JsonObject
            {
                ["solar"] = totals.Solar,
                ["home"] = totals.Home,
                ["gridImport"] = totals.GridImport,
                ["gridExport"] = totals.GridExport,
                ["batteryCharge"] = totals.BatteryCharge,
                ["batteryDischarge"] = totals.BatteryDischarge,
                ["solarToHome"] = totals.SolarToHome,
                ["solarToBattery"] = totals.SolarToBattery,
                ["solarToGrid"] = totals.SolarToGrid,
                ["batteryToHome"] = totals.BatteryToHome,
                ["batteryToGrid"] = totals.BatteryToGrid,
                ["gridToHome"] = totals.GridToHome,
                ["gridToBattery"] = totals.GridToBattery,
            },
        };
    }

    private static IResult Json(JsonNode node) => Results.Content(node.ToJsonString(TeslaJson.Options), "application/json");
}
