using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using TeslaSync.Contracts.Common.V1;
using TeslaSync.Contracts.GridEvents.V1;

namespace TeslaSync.Gateway.FunctionalTests;

/// <summary>/api/settings/grid against a fake GridEvents: the JSON each setting kind maps to, and updates both ways.</summary>
public sealed class GridSettingsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IEnumerable<GridSetting> Settings(string threshold = "300") =>
    [
        new GridSetting
        {
            Key = "spike.threshold", Label = "Spike threshold", Description = "A spike starts here.", Kind = SettingKind.Number, Unit = "$/MWh",
            Value = threshold, DefaultValue = "300", Min = DecimalValue.FromDecimal(1m), Max = DecimalValue.FromDecimal(20000m),
        },
        new GridSetting { Key = "spike.enabled", Label = "Spike export", Description = "On or off.", Kind = SettingKind.Bool, Value = "false", DefaultValue = "true" },
        new GridSetting { Key = "demandWindow.start", Label = "Opens", Description = "Local time.", Kind = SettingKind.Time, Value = "16:30", DefaultValue = "16:00" },
        new GridSetting { Key = "demandWindow.days", Label = "Days", Description = "Days it opens.", Kind = SettingKind.Days, Value = "Saturday,Sunday", DefaultValue = "Monday,Tuesday" },
    ];

    [Fact]
    public async Task Get_MapsEachKindToItsJson()
    {
        var gridEvents = new FakeBackend().Answer<GetSettingsRequest, GetSettingsResponse>("GetSettings", _ => new GetSettingsResponse { Settings = { Settings() } });
        await using var gateway = GatewayHost.WithFakes(gridEvents: gridEvents);
        using var http = await gateway.CreateSignedInClientAsync();

        var body = await http.GetFromJsonAsync<JsonObject>("/api/settings/grid", Ct);

        var settings = body!["settings"]!.AsArray().ToDictionary(s => (string)s!["key"]!, s => s!.AsObject());
        var threshold = settings["spike.threshold"];
        Assert.Equal(("number", "$/MWh", "Spike threshold", "A spike starts here."),
            ((string?)threshold["kind"], (string?)threshold["unit"], (string?)threshold["label"], (string?)threshold["description"]));
        Assert.Equal((300m, 300m, 1m, 20000m), ((decimal)threshold["value"]!, (decimal)threshold["default"]!, (decimal)threshold["min"]!, (decimal)threshold["max"]!));
        var enabled = settings["spike.enabled"];
        Assert.Equal(("bool", false, true), ((string?)enabled["kind"], (bool)enabled["value"]!, (bool)enabled["default"]!));
        Assert.Null(enabled["unit"]);
        Assert.False(enabled.ContainsKey("min"));
        Assert.Equal(("time", "16:30"), ((string?)settings["demandWindow.start"]["kind"], (string?)settings["demandWindow.start"]["value"]));
        Assert.Equal(["Saturday", "Sunday"], settings["demandWindow.days"]["value"]!.AsArray().Select(d => (string)d!));
        Assert.Equal("home", gridEvents.Single<GetSettingsRequest>().SiteId);
    }

    [Fact]
    public async Task Put_SendsEachValueAsTextAndReturnsTheSettings()
    {
        var gridEvents = new FakeBackend().Answer<UpdateSettingsRequest, UpdateSettingsResponse>("UpdateSettings",
            request => new UpdateSettingsResponse { Settings = { Settings(request.Values["spike.threshold"]) } });
        await using var gateway = GatewayHost.WithFakes(gridEvents: gridEvents);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PutAsJsonAsync("/api/settings/grid",
            new JsonObject { ["spike.threshold"] = 512.5m, ["spike.enabled"] = true, ["demandWindow.start"] = "15:00", ["demandWindow.days"] = new JsonArray("Monday", "Friday") }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var values = gridEvents.Single<UpdateSettingsRequest>().Values;
        Assert.Equal("512.5", values["spike.threshold"]);
        Assert.Equal("true", values["spike.enabled"]);
        Assert.Equal("15:00", values["demandWindow.start"]);
        Assert.Equal("Monday,Friday", values["demandWindow.days"]);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal(512.5m, (decimal)body!["settings"]![0]!["value"]!);
    }

    [Fact]
    public async Task Put_RefusedByGridEvents_IsAValidationProblemKeyedBySetting()
    {
        var gridEvents = new FakeBackend().Answer<UpdateSettingsRequest, UpdateSettingsResponse>("UpdateSettings", _ => new UpdateSettingsResponse
        {
            Settings = { Settings() },
            Problems =
            {
                new SettingProblem { Key = "spike.deadband", Message = "The deadband must be below the threshold." },
                new SettingProblem { Key = "spike.colour", Message = "There is no setting 'spike.colour'." },
            },
        });
        await using var gateway = GatewayHost.WithFakes(gridEvents: gridEvents);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PutAsJsonAsync("/api/settings/grid", new JsonObject { ["spike.deadband"] = 400, ["spike.colour"] = "red" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!;
        Assert.Equal("The deadband must be below the threshold.", (string?)errors["spike.deadband"]![0]);
        Assert.Equal("There is no setting 'spike.colour'.", (string?)errors["spike.colour"]![0]);
    }

    [Fact]
    public async Task Put_ValueThatIsNoSettingValue_IsRefusedWithoutCallingGridEvents()
    {
        var gridEvents = new FakeBackend();
        await using var gateway = GatewayHost.WithFakes(gridEvents: gridEvents);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PutAsJsonAsync("/api/settings/grid",
            new JsonObject { ["spike.threshold"] = null, ["demandWindow.days"] = new JsonArray(1, 2), ["spike.enabled"] = true }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        Assert.Equal(["demandWindow.days", "spike.threshold"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Empty(gridEvents.Requests);
    }

    [Fact]
    public async Task Put_BodyNotAnObject_Is400ProblemWithoutCallingGridEvents()
    {
        var gridEvents = new FakeBackend();
        await using var gateway = GatewayHost.WithFakes(gridEvents: gridEvents);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PutAsJsonAsync("/api/settings/grid", new JsonArray(1, 2), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(gridEvents.Requests);
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, HttpStatusCode.ServiceUnavailable)]
    [InlineData(StatusCode.NotFound, HttpStatusCode.NotFound)]
    [InlineData(StatusCode.Internal, HttpStatusCode.BadGateway)]
    public async Task ServiceRefusal_KeepsItsMeaning(StatusCode grpcStatus, HttpStatusCode httpStatus)
    {
        var gridEvents = new FakeBackend { FailWith = grpcStatus };
        await using var gateway = GatewayHost.WithFakes(gridEvents: gridEvents);
        using var http = await gateway.CreateSignedInClientAsync();

        using var get = await http.GetAsync(new Uri("/api/settings/grid", UriKind.Relative), Ct);
        using var put = await http.PutAsJsonAsync("/api/settings/grid", new JsonObject { ["spike.enabled"] = false }, Ct);

        Assert.Equal((httpStatus, httpStatus), (get.StatusCode, put.StatusCode));
        var problem = await put.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal("GridEvents", (string?)problem!["service"]);
    }
}
