using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TeslaSync.Contracts.TariffSync.V1;

namespace TeslaSync.Gateway.FunctionalTests;

/// <summary>/api/profiles against a fake TariffSync: the JSON each profile call maps to, and the requests it sends.</summary>
public sealed class ProfilesApiTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 15, 3, 30, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TariffProfile Profile(long id, string name, bool isDefault = false) => new()
    {
        Id = id,
        Name = name,
        Source = "custom",
        CreatedAt = Timestamp.FromDateTimeOffset(At),
        IsDefault = isDefault,
        TariffJson = """{"code":"TOU","energy_charges":{"Summer":{"rates":{"ON_PEAK":0.45}}}}""",
    };

    private static FakeBackend Listing() => new FakeBackend().Answer<ListProfilesRequest, ListProfilesResponse>("ListProfiles",
        _ => new ListProfilesResponse { Profiles = { Profile(1, "Powerwall January", isDefault: true), Profile(2, "My TOU") } });

    private static readonly JsonObject Schedule = new()
    {
        ["name"] = "My TOU",
        ["dailySupplyCharge"] = 1.1m,
        ["monthlyCharge"] = 0,
        ["seasons"] = new JsonArray(new JsonObject { ["name"] = "All year", ["fromMonth"] = 1, ["fromDay"] = 1, ["toMonth"] = 12, ["toDay"] = 31, ["periods"] = new JsonArray() }),
    };

    [Fact]
    public async Task List_MapsEachProfileWithoutItsTariff()
    {
        var tariffSync = Listing();
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        var profiles = (await http.GetFromJsonAsync<JsonArray>("/api/profiles", Ct))!;

        Assert.Equal(2, profiles.Count);
        var first = profiles[0]!.AsObject();
        Assert.Equal((1L, "Powerwall January", "custom", true), ((long)first["id"]!, (string?)first["name"], (string?)first["source"], (bool)first["isDefault"]!));
        Assert.Equal("2026-01-15T03:30:00+00:00", (string?)first["createdAt"]);
        Assert.False(first.ContainsKey("tariff"));
        Assert.Equal("home", tariffSync.Single<ListProfilesRequest>().SiteId);
    }

    [Fact]
    public async Task Get_KnownId_CarriesTheTariffAsAnObject()
    {
        await using var gateway = GatewayHost.WithFakes(tariffSync: Listing());
        using var http = await gateway.CreateSignedInClientAsync();

        var profile = (await http.GetFromJsonAsync<JsonObject>("/api/profiles/2", Ct))!;

        Assert.Equal(("My TOU", false), ((string?)profile["name"], (bool)profile["isDefault"]!));
        Assert.Equal(0.45m, (decimal)profile["tariff"]!["energy_charges"]!["Summer"]!["rates"]!["ON_PEAK"]!);
    }

    [Fact]
    public async Task Get_UnknownId_Is404Problem()
    {
        await using var gateway = GatewayHost.WithFakes(tariffSync: Listing());
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.GetAsync(new Uri("/api/profiles/99", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("There is no profile 99.", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["detail"]);
    }

    [Fact]
    public async Task SaveCurrent_Named_Is201WithTheProfile()
    {
        var tariffSync = new FakeBackend().Answer<SaveCurrentTariffAsProfileRequest, TariffProfile>("SaveCurrentTariffAsProfile", r => Profile(7, r.Name));
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PostAsJsonAsync("/api/profiles", new { name = "  Summer plan " }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/profiles/7", response.Headers.Location?.OriginalString);
        var profile = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal((7L, "Summer plan"), ((long)profile!["id"]!, (string?)profile["name"]));
        Assert.Equal("Summer plan", tariffSync.Single<SaveCurrentTariffAsProfileRequest>().Name);
    }

    [Fact]
    public async Task SaveCurrent_NoName_IsValidationProblemKeyedName()
    {
        var tariffSync = new FakeBackend();
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PostAsJsonAsync("/api/profiles", new { name = " " }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!["name"]);
        Assert.Empty(tariffSync.Requests);
    }

    [Fact]
    public async Task Validate_PassesTheScheduleAndMapsProblemsOrTheTariff()
    {
        var tariffSync = new FakeBackend().Answer<ValidateCustomTariffRequest, ValidateCustomTariffResponse>("ValidateCustomTariff",
            r => JsonNode.Parse(r.ScheduleJson)!["seasons"]![0]!["periods"]!.AsArray().Count == 0
                ? new ValidateCustomTariffResponse { Problems = { "Season 'All year' has no periods." } }
                : new ValidateCustomTariffResponse { TariffJson = """{"code":"CUSTOM"}""" });
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var refused = await http.PostAsJsonAsync("/api/profiles/custom/validate", Schedule, Ct);
        var valid = Schedule.DeepClone();
        valid["seasons"]![0]!["periods"]!.AsArray().Add(new JsonObject { ["name"] = "Peak" });
        using var accepted = await http.PostAsJsonAsync("/api/profiles/custom/validate", valid, Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (refused.StatusCode, accepted.StatusCode));
        var problems = (await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.False((bool)problems["valid"]!);
        Assert.Equal(["Season 'All year' has no periods."], problems["problems"]!.AsArray().Select(p => (string)p!));
        Assert.Null(problems["tariff"]);
        var built = (await accepted.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.True((bool)built["valid"]!);
        Assert.Empty(built["problems"]!.AsArray());
        Assert.Equal("CUSTOM", (string?)built["tariff"]!["code"]);
        Assert.Equal("My TOU", (string?)JsonNode.Parse(tariffSync.Requests.OfType<ValidateCustomTariffRequest>().First().ScheduleJson)!["name"]);
    }

    [Fact]
    public async Task SaveCustom_InvalidSchedule_IsValidationProblemKeyedScheduleAndNothingSaved()
    {
        var tariffSync = new FakeBackend().Answer<ValidateCustomTariffRequest, ValidateCustomTariffResponse>("ValidateCustomTariff",
            _ => new ValidateCustomTariffResponse { Problems = { "Season 'All year' has no periods.", "Period 'Peak' has no windows." } });
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PostAsJsonAsync("/api/profiles/custom", new JsonObject { ["name"] = "My TOU", ["schedule"] = Schedule.DeepClone() }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!;
        Assert.Equal(["Season 'All year' has no periods.", "Period 'Peak' has no windows."], errors["schedule"]!.AsArray().Select(p => (string)p!));
        Assert.Empty(tariffSync.Requests.OfType<SaveCustomTariffProfileRequest>());
    }

    [Fact]
    public async Task SaveCustom_ValidSchedule_Is201AndSendsTheSchedule()
    {
        var tariffSync = new FakeBackend()
            .Answer<ValidateCustomTariffRequest, ValidateCustomTariffResponse>("ValidateCustomTariff", _ => new ValidateCustomTariffResponse { TariffJson = "{}" })
            .Answer<SaveCustomTariffProfileRequest, TariffProfile>("SaveCustomTariffProfile", r => Profile(8, r.Name));
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PostAsJsonAsync("/api/profiles/custom", new JsonObject { ["name"] = "My TOU", ["schedule"] = Schedule.DeepClone() }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(8L, (long)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!);
        var saved = tariffSync.Single<SaveCustomTariffProfileRequest>();
        Assert.Equal(("home", "My TOU"), (saved.SiteId, saved.Name));
        Assert.True(JsonNode.DeepEquals(Schedule, JsonNode.Parse(saved.ScheduleJson)));
    }

    [Fact]
    public async Task SaveCustom_NoSchedule_IsValidationProblemKeyedSchedule()
    {
        await using var gateway = GatewayHost.WithFakes(tariffSync: new FakeBackend());
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PostAsJsonAsync("/api/profiles/custom", new { name = "My TOU" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!["schedule"]);
    }

    [Fact]
    public async Task Restore_SendsTheIdAndMapsTheOutcome()
    {
        var tariffSync = new FakeBackend().Answer<RestoreProfileRequest, SyncOutcome>("RestoreProfile", _ => new SyncOutcome
        {
            Status = SyncStatus.Succeeded, At = Timestamp.FromDateTimeOffset(At), Reason = "profile 3 restored; auto sync off", ReadBackMatched = true,
        });
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PostAsync(new Uri("/api/profiles/3/restore", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcome = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal(("succeeded", "profile 3 restored; auto sync off", true), ((string?)outcome!["status"], (string?)outcome["reason"], (bool)outcome["readBackMatched"]!));
        Assert.Equal(3L, tariffSync.Single<RestoreProfileRequest>().ProfileId);
    }

    [Fact]
    public async Task SetDefaultAndDelete_Are204AndNameTheProfile()
    {
        var tariffSync = new FakeBackend()
            .Answer<SetDefaultProfileRequest, SetDefaultProfileResponse>("SetDefaultProfile", _ => new SetDefaultProfileResponse())
            .Answer<DeleteProfileRequest, DeleteProfileResponse>("DeleteProfile", _ => new DeleteProfileResponse());
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var setDefault = await http.PutAsync(new Uri("/api/profiles/4/default", UriKind.Relative), null, Ct);
        using var delete = await http.DeleteAsync(new Uri("/api/profiles/5", UriKind.Relative), Ct);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (setDefault.StatusCode, delete.StatusCode));
        Assert.Equal(4L, tariffSync.Single<SetDefaultProfileRequest>().ProfileId);
        Assert.Equal(5L, tariffSync.Single<DeleteProfileRequest>().ProfileId);
    }

    [Fact]
    public async Task ProfileIdZero_Is404WithoutAskingTariffSync()
    {
        // TariffSync reads 0 as "the default": a path must not restore something it did not name.
        var tariffSync = new FakeBackend();
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PostAsync(new Uri("/api/profiles/0/restore", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(tariffSync.Requests);
    }

    [Theory]
    [InlineData(StatusCode.NotFound, HttpStatusCode.NotFound)]
    [InlineData(StatusCode.FailedPrecondition, HttpStatusCode.Conflict)]
    [InlineData(StatusCode.Unavailable, HttpStatusCode.ServiceUnavailable)]
    [InlineData(StatusCode.Internal, HttpStatusCode.BadGateway)]
    public async Task ServiceRefusal_KeepsItsMeaning(StatusCode grpcStatus, HttpStatusCode httpStatus)
    {
        var tariffSync = new FakeBackend { FailWith = grpcStatus };
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var delete = await http.DeleteAsync(new Uri("/api/profiles/5", UriKind.Relative), Ct);
        using var list = await http.GetAsync(new Uri("/api/profiles", UriKind.Relative), Ct);
        using var custom = await http.PostAsJsonAsync("/api/profiles/custom", new JsonObject { ["name"] = "My TOU", ["schedule"] = Schedule.DeepClone() }, Ct);

        Assert.Equal((httpStatus, httpStatus, httpStatus), (delete.StatusCode, list.StatusCode, custom.StatusCode));
        var problem = await delete.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal("TariffSync", (string?)problem!["service"]);
    }
}
