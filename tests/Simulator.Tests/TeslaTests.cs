using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TeslaSync.Simulator.Tests.JsonShape;

namespace TeslaSync.Simulator.Tests;

public sealed class TeslaTests
{
    private const string Site = $"/tesla/api/1/energy_sites/2252150839614386";

    [Fact]
    public async Task Products_ValidToken_EnergySiteCoversFixtureKeys()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var response = await host.TeslaGetAsync("/tesla/api/1/products");
        var body = await host.GetJsonAsync(response);

        Assert.Equal(["response", "count"], Keys(body));
        var ours = Assert.Single(body.GetProperty("response").EnumerateArray());
        var fixture = ReadFixture("tesla", "products.json").GetProperty("response").EnumerateArray()
            .Single(p => p.TryGetProperty("resource_type", out _));

        AssertCovers(fixture, ours);
        AssertCovers(fixture.GetProperty("components"), ours.GetProperty("components"));
        Assert.Equal(SimulatorHost.EnergySiteId, ours.GetProperty("energy_site_id").GetInt64());
        Assert.Equal(JsonValueKind.Number, ours.GetProperty("energy_site_id").ValueKind);
        Assert.Equal(1, body.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task SiteInfo_Default_CoversFixtureKeysAndHasTariff()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        var ours = await host.TeslaJsonAsync($"{Site}/site_info");
        var fixture = ReadFixture("tesla", "site_info.json").GetProperty("response");

        AssertCovers(fixture, ours);
        AssertCovers(fixture.GetProperty("components"), ours.GetProperty("components"));
        AssertCovers(fixture.GetProperty("user_settings"), ours.GetProperty("user_settings"));
        AssertCovers(fixture.GetProperty("components").GetProperty("batteries")[0], ours.GetProperty("components").GetProperty("batteries")[0]);
        AssertCovers(ReadFixture("tesla", "site_info_tariff_content_v2_multi_season.json").GetProperty("response"), ours);
        Assert.Equal("Australia/Adelaide", ours.GetProperty("installation_time_zone").GetString());
        Assert.Equal("self_consumption", ours.GetProperty("default_real_mode").GetString());
    }

    [Fact]
    public async Task LiveStatus_Noon_CoversFixtureKeysAndBalances()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        var ours = await host.TeslaJsonAsync($"{Site}/live_status");
        AssertCovers(ReadFixture("tesla", "live_status.json").GetProperty("response"), ours);

        double P(string name) => ours.GetProperty(name).GetDouble();
        Assert.Equal(P("load_power"), P("solar_power") + P("battery_power") + P("grid_power"));
        Assert.True(P("solar_power") > 0, "13:02 NEM is 13:32 in Adelaide: the sun is up");
        Assert.InRange(P("percentage_charged"), 0, 100);
        Assert.EndsWith("+10:30", ours.GetProperty("timestamp").GetString()!, StringComparison.Ordinal); // ACDT in November
    }

    [Fact]
    public async Task TimeOfUseSettings_ValidTariff_StoredReadBackAndListedInUploads()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        var tariff = JsonNode.Parse(TestSupport.SharedFolder.ReadFixture("tesla", "tariff_content_v2_sample_powersync_flowpower.json"))!
            ["response"]!["tariff_content_v2"]!;
        var body = new JsonObject { ["tou_settings"] = new JsonObject { ["tariff_content_v2"] = tariff.DeepClone() } }.ToJsonString();

        using var post = await host.TeslaPostAsync($"{Site}/time_of_use_settings", body);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("""{"response":{"code":201,"message":"Updated"}}""", await post.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var info = await host.TeslaJsonAsync($"{Site}/site_info");
        Assert.True(JsonNode.DeepEquals(tariff, JsonNode.Parse(info.GetProperty("tariff_content_v2").GetRawText())));

        host.Time.Advance(TimeSpan.FromMinutes(1));
        using var second = await host.TeslaPostAsync($"{Site}/time_of_use_settings", body);

        using var uploads = await host.Http.GetAsync($"/sim/tesla/energy_sites/{SimulatorHost.EnergySiteId}/uploads", TestContext.Current.CancellationToken);
        var list = (await host.GetJsonAsync(uploads)).EnumerateArray().ToList();
        Assert.Equal(2, list.Count);
        Assert.Equal(["receivedAt", "body"], Keys(list[0]));
        Assert.Equal(SimulatorHost.MondayAfterSpike, list[0].GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal(SimulatorHost.MondayAfterSpike.AddMinutes(1), list[1].GetProperty("receivedAt").GetDateTimeOffset());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(list[0].GetProperty("body").GetRawText())));
    }

    [Theory]
    [InlineData("""{"tou_settings":{"tariff_content_v2":{"energy_charges":{}}}}""")]
    [InlineData("""{"tou_settings":{"tariff_content_v2":"flat"}}""")]
    [InlineData("""{"tariff_content_v2":{"energy_charges":{},"seasons":{}}}""")]
    [InlineData("not json")]
    public async Task TimeOfUseSettings_InvalidBody_Returns400EnvelopeAndKeepsTariff(string body)
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var post = await host.TeslaPostAsync($"{Site}/time_of_use_settings", body);

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        var error = await host.GetJsonAsync(post);
        Assert.Equal(["response", "error", "error_description"], Keys(error));
        Assert.Equal(JsonValueKind.Null, error.GetProperty("response").ValueKind);
        Assert.Equal("invalid_field", error.GetProperty("error").GetString());

        var info = await host.TeslaJsonAsync($"{Site}/site_info");
        Assert.Equal("Simulator flat rate", info.GetProperty("tariff_content_v2").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("autonomous")]
    [InlineData("backup")]
    [InlineData("self_consumption")]
    public async Task Operation_ValidMode_ReflectedInSiteInfo(string mode)
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var post = await host.TeslaPostAsync($"{Site}/operation", $$"""{"default_real_mode":"{{mode}}"}""");

        Assert.Equal("""{"response":{"code":201,"message":"Updated"}}""", await post.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(mode, (await host.TeslaJsonAsync($"{Site}/site_info")).GetProperty("default_real_mode").GetString());
    }

    [Theory]
    [InlineData("""{"default_real_mode":"time_based"}""")]
    [InlineData("""{"default_real_mode":1}""")]
    [InlineData("{}")]
    public async Task Operation_InvalidMode_Returns400Envelope(string body)
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var post = await host.TeslaPostAsync($"{Site}/operation", body);

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await host.GetJsonAsync(post)).GetProperty("response").ValueKind);
        Assert.Equal("self_consumption", (await host.TeslaJsonAsync($"{Site}/site_info")).GetProperty("default_real_mode").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sim-amber-token")]
    public async Task AnyEndpoint_MissingOrWrongToken_Returns401InvalidBearerToken(string? token)
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        foreach (var path in new[] { "/tesla/api/1/products", $"{Site}/site_info", $"{Site}/live_status" })
        {
            using var response = await host.TeslaGetAsync(path, token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("""{"response":null,"error":"invalid bearer token","error_description":""}""",
                await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        using var post = await host.TeslaPostAsync($"{Site}/operation", """{"default_real_mode":"backup"}""", token);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [Fact]
    public async Task SiteInfo_UnknownEnergySite_Returns404Envelope()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var response = await host.TeslaGetAsync("/tesla/api/1/energy_sites/123456/site_info");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await host.GetJsonAsync(response)).GetProperty("response").ValueKind);
    }

    /// <summary>Every key of the fixture object is present in ours with the same JSON kind (null in the fixture matches anything).</summary>
    private static void AssertCovers(JsonElement fixture, JsonElement ours)
    {
        foreach (var property in fixture.EnumerateObject())
        {
            Assert.True(ours.TryGetProperty(property.Name, out var value), $"missing key {property.Name}");
            var expected = Kind(property.Value.ValueKind);
            if (expected != JsonValueKind.Null && property.Name != "installation_time_zone")
            {
                Assert.True(expected == Kind(value.ValueKind), $"{property.Name}: fixture {property.Value.ValueKind}, ours {value.ValueKind}");
            }
        }

        static JsonValueKind Kind(JsonValueKind kind) => kind == JsonValueKind.False ? JsonValueKind.True : kind;
    }
}
