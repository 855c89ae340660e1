using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeslaSync.Simulator.Tests;

/// <summary>An account with many energy sites (<c>Simulator:Tesla:SiteCount</c>) and a steady API latency (<c>LatencyMs</c>), for the scaling benchmark.</summary>
public sealed class TeslaFleetTests
{
    private const long FirstSite = SimulatorHost.EnergySiteId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string SitePath(long id) => $"/tesla/api/1/energy_sites/{id}";

    [Fact]
    public async Task Products_ThousandSites_ListsEachOnceWithConsecutiveIdsAndOwnGateway()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike, "--Simulator:Tesla:SiteCount=1000");
        using var response = await host.TeslaGetAsync("/tesla/api/1/products");
        var body = await host.GetJsonAsync(response);

        var items = body.GetProperty("response").EnumerateArray().ToList();
        Assert.Equal(1000, body.GetProperty("count").GetInt32());
        Assert.Equal(Enumerable.Range(0, 1000).Select(k => FirstSite + k), items.Select(i => i.GetProperty("energy_site_id").GetInt64()));
        Assert.Equal(1000, items.Select(i => i.GetProperty("gateway_id").GetString()).Distinct().Count());
        Assert.Equal(1000, items.Select(i => i.GetProperty("site_name").GetString()).Distinct().Count());
        Assert.Equal("TeslaSync Demo", items[0].GetProperty("site_name").GetString());
        Assert.Equal("STE20240115-00042", items[0].GetProperty("gateway_id").GetString());
        Assert.Equal(JsonShape.Keys(items[0]), JsonShape.Keys(items[999]));

        var metadata = await host.GetJsonAsync(await host.TeslaGetAsync("/tesla/api/metadata"));
        Assert.Equal(1000, metadata.GetProperty("energy_sites").EnumerateObject().Count());
    }

    [Fact]
    public async Task Commands_ExtraSite_HeldByThatSiteOnlyAndReadBack()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike, "--Simulator:Tesla:SiteCount=10");
        var site5 = SitePath(FirstSite + 5);
        var tariff = JsonNode.Parse(TestSupport.SharedFolder.ReadFixture("tesla", "tariff_content_v2_sample_powersync_flowpower.json"))!
            ["response"]!["tariff_content_v2"]!;
        var body = new JsonObject { ["tou_settings"] = new JsonObject { ["tariff_content_v2"] = tariff.DeepClone() } }.ToJsonString();

        Assert.Equal(HttpStatusCode.OK, (await host.TeslaPostAsync($"{site5}/time_of_use_settings", body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.TeslaPostAsync($"{site5}/operation", """{"default_real_mode":"autonomous"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.TeslaPostAsync($"{site5}/backup", """{"backup_reserve_percent":35}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.TeslaPostAsync($"{site5}/grid_import_export", """{"customer_preferred_export_rule":"pv_only"}""")).StatusCode);

        var info5 = await host.TeslaJsonAsync($"{site5}/site_info");
        Assert.True(JsonNode.DeepEquals(tariff, JsonNode.Parse(info5.GetProperty("tariff_content_v2").GetRawText())));
        Assert.Equal("autonomous", info5.GetProperty("default_real_mode").GetString());
        Assert.Equal(35, info5.GetProperty("backup_reserve_percent").GetInt32());
        Assert.Equal("pv_only", info5.GetProperty("components").GetProperty("customer_preferred_export_rule").GetString());
        Assert.Equal("Australia/Adelaide", info5.GetProperty("installation_time_zone").GetString());
        Assert.Equal("TeslaSync Demo 6", info5.GetProperty("site_name").GetString());

        foreach (var other in new[] { FirstSite, FirstSite + 4, FirstSite + 6 })
        {
            var info = await host.TeslaJsonAsync($"{SitePath(other)}/site_info");
            Assert.Equal("Simulator flat rate", info.GetProperty("tariff_content_v2").GetProperty("name").GetString());
            Assert.Equal("self_consumption", info.GetProperty("default_real_mode").GetString());
            Assert.Equal(20, info.GetProperty("backup_reserve_percent").GetInt32());
        }

        Assert.Single(await UploadsAsync(host, FirstSite + 5));
        Assert.Empty(await UploadsAsync(host, FirstSite));
        var live = await host.TeslaJsonAsync($"{site5}/live_status");
        Assert.True(live.GetProperty("solar_power").GetDouble() > 0, "extra sites report the demo site's figures: 13:32 in Adelaide, the sun is up");

        // The "Tesla app" control works per site too, and the demo site's Powerwall model ignores the others.
        using var external = await host.Http.PostAsync($"/sim/tesla/energy_sites/{FirstSite + 7}/tariff",
            new StringContent(tariff.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.NoContent, external.StatusCode);
        Assert.Empty(await UploadsAsync(host, FirstSite + 7));
        var powerwall = await host.GetJsonAsync(await host.Http.GetAsync($"/sim/tesla/energy_sites/{FirstSite}/powerwall", Ct));
        Assert.Equal("self_consumption", powerwall.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task UnknownSiteIds_OutsideTheAccount_Return404AsBefore()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike, "--Simulator:Tesla:SiteCount=3");

        foreach (var id in new[] { FirstSite - 1, FirstSite + 3 })
        {
            using var response = await host.TeslaGetAsync($"{SitePath(id)}/site_info");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(JsonValueKind.Null, (await host.GetJsonAsync(response)).GetProperty("response").ValueKind);

            using var uploads = await host.Http.GetAsync($"/sim/tesla/energy_sites/{id}/uploads", Ct);
            Assert.Equal(HttpStatusCode.NotFound, uploads.StatusCode);
        }

        using var last = await host.TeslaGetAsync($"{SitePath(FirstSite + 2)}/site_info");
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
    }

    [Theory]
    [InlineData("--Simulator:Tesla:SiteCount=0", "Simulator:Tesla:SiteCount must be 1-10000")]
    [InlineData("--Simulator:Tesla:SiteCount=10001", "Simulator:Tesla:SiteCount must be 1-10000")]
    [InlineData("--Simulator:Tesla:LatencyMs=-1", "Simulator:Tesla:LatencyMs must be 0-120000")]
    public async Task Start_SiteCountOrLatencyOutOfRange_FailsNamingTheSetting(string setting, string message)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike, setting));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimit_Enabled_CountsEachSiteSeparately()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike,
            "--Simulator:Tesla:SiteCount=2", "--Simulator:Tesla:RateLimit:Enabled=true");

        using var first = await host.TeslaGetAsync($"{SitePath(FirstSite)}/site_info");
        using var again = await host.TeslaGetAsync($"{SitePath(FirstSite)}/site_info");
        using var otherSite = await host.TeslaGetAsync($"{SitePath(FirstSite + 1)}/site_info");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherSite.StatusCode);
    }

    [Fact]
    public async Task LatencyMs_EveryRequestWaitsAndConcurrentOnesWaitTogether()
    {
        const int latencyMs = 200;
        const int concurrent = 50;
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike,
            $"--Simulator:Tesla:LatencyMs={latencyMs}", $"--Simulator:Tesla:SiteCount={concurrent}");
        using var warmUp = await host.TeslaGetAsync("/tesla/api/1/products"); // JIT and connection set-up out of the timings

        var one = Stopwatch.StartNew();
        using var single = await host.TeslaGetAsync($"{SitePath(FirstSite)}/site_info");
        one.Stop();
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        // The timer runs on a coarse millisecond tick, so it may fire a few ms before a Stopwatch says 200 ms.
        Assert.True(one.ElapsedMilliseconds >= latencyMs - 10, $"one request took {one.ElapsedMilliseconds} ms");

        var all = Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, concurrent).Select(k => host.TeslaGetAsync($"{SitePath(FirstSite + k)}/site_info")));
        all.Stop();
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        // Serialised they would take 50 x 200 ms = 10 s; side by side about 200 ms. 10x leaves room for a loaded machine.
        Assert.True(all.ElapsedMilliseconds < 10 * latencyMs, $"{concurrent} concurrent requests took {all.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task LatestUploads_SomeSitesUploaded_ListsEachWithCountAndBothClocks()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike, "--Simulator:Tesla:SiteCount=5");
        const string body = """{"tou_settings":{"tariff_content_v2":{"code":"TEST","energy_charges":{},"seasons":{}}}}""";
        var before = DateTimeOffset.UtcNow;

        using var a = await host.TeslaPostAsync($"{SitePath(FirstSite + 3)}/time_of_use_settings", body);
        using var b = await host.TeslaPostAsync($"{SitePath(FirstSite + 1)}/time_of_use_settings", body);
        host.Time.Advance(TimeSpan.FromMinutes(5));
        using var c = await host.TeslaPostAsync($"{SitePath(FirstSite + 3)}/time_of_use_settings", body);
        var after = DateTimeOffset.UtcNow;

        var latest = await host.GetJsonAsync(await host.Http.GetAsync("/sim/tesla/uploads/latest", Ct));
        Assert.Equal(["wallClock", "sites"], JsonShape.Keys(latest));
        var sites = latest.GetProperty("sites").EnumerateArray().ToList();
        Assert.Equal([FirstSite + 1, FirstSite + 3], sites.Select(s => s.GetProperty("energySiteId").GetInt64()));
        Assert.Equal(["energySiteId", "tariffUploads", "receivedAt", "receivedAtWallClock"], JsonShape.Keys(sites[0]));
        Assert.Equal([1, 2], sites.Select(s => s.GetProperty("tariffUploads").GetInt32()));
        Assert.Equal(SimulatorHost.MondayAfterSpike, sites[0].GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal(SimulatorHost.MondayAfterSpike.AddMinutes(5), sites[1].GetProperty("receivedAt").GetDateTimeOffset());
        Assert.All(sites, s => Assert.InRange(s.GetProperty("receivedAtWallClock").GetDateTimeOffset(), before, after));
        Assert.True(latest.GetProperty("wallClock").GetDateTimeOffset() >= after);

        using var reset = await host.Http.PostAsync("/sim/reset", null, Ct);
        var cleared = await host.GetJsonAsync(await host.Http.GetAsync("/sim/tesla/uploads/latest", Ct));
        Assert.Empty(cleared.GetProperty("sites").EnumerateArray());
        Assert.Equal("Simulator flat rate",
            (await host.TeslaJsonAsync($"{SitePath(FirstSite + 3)}/site_info")).GetProperty("tariff_content_v2").GetProperty("name").GetString());
    }

    private static async Task<List<JsonElement>> UploadsAsync(SimulatorHost host, long id)
    {
        using var response = await host.Http.GetAsync($"/sim/tesla/energy_sites/{id}/uploads", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await host.GetJsonAsync(response)).EnumerateArray()];
    }
}
