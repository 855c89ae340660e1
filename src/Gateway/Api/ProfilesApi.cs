using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.ServiceDefaults;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.Gateway.Api;

/// <summary>A saved tariff: <c>source</c> is powerwall (saved from the Powerwall) or custom (built from a TOU schedule).</summary>
public sealed record ProfileDto(long Id, string Name, string? Source, DateTimeOffset? CreatedAt, bool IsDefault);

/// <summary>A saved tariff with its Tesla tariff_content_v2 object.</summary>
public sealed record ProfileDetailDto(long Id, string Name, string? Source, DateTimeOffset? CreatedAt, bool IsDefault, JsonNode? Tariff);

/// <summary>Body of <c>POST /api/profiles</c>.</summary>
public sealed record SaveProfileRequest(string? Name);

/// <summary>Body of <c>POST /api/profiles/custom</c>: a name and a custom TOU schedule.</summary>
public sealed record SaveCustomProfileRequest(string? Name, JsonNode? Schedule);

/// <summary>What a custom TOU schedule builds: the tariff when valid, else each problem naming the period or season at fault.</summary>
public sealed record CustomTariffValidationDto(bool Valid, IReadOnlyList<string> Problems, JsonNode? Tariff);

/// <summary>TariffSync's saved tariff profiles: list, save (from the Powerwall or a custom TOU schedule), restore, default, delete.</summary>
internal static class ProfilesApi
{
    private const string Service = "TariffSync";
    private const string Schedule = "schedule";

    public static RouteGroupBuilder MapProfilesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/profiles").WithTags("Profiles");

        group.MapGet("", (TariffSyncClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
                BackendCall.RunAsync(Service, () => ListAsync(client, site, ct), response => response.Profiles.Select(Map).ToList()))
            .WithName("ListProfiles")
            .WithSummary("The saved tariff profiles.")
            .Produces<List<ProfileDto>>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        // TariffSync has no call for one profile: the list carries each profile's tariff.
        group.MapGet("/{id:long}", (long id, TariffSyncClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
                BackendCall.RespondAsync(Service, () => ListAsync(client, site, ct), response =>
                    response.Profiles.SingleOrDefault(p => p.Id == id) is { } profile
                        ? TypedResults.Ok(new ProfileDetailDto(profile.Id, profile.Name, Wire.Text(profile.Source), Wire.Time(profile.CreatedAt), profile.IsDefault, Tariff(profile.TariffJson)))
                        : NotFound(id)))
            .WithName("GetProfile")
            .WithSummary("One saved profile with its Tesla tariff (tariff_content_v2).")
            .Produces<ProfileDetailDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPost("", async (SaveProfileRequest? body, TariffSyncClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(body?.Name))
                {
                    return NameMissing();
                }

                var request = new SaveCurrentTariffAsProfileRequest { SiteId = site.Value.Id, Name = body.Name.Trim() };
                return await BackendCall.RespondAsync(Service,
                    () => client.SaveCurrentTariffAsProfileAsync(request, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    Created);
            })
            .WithName("SaveCurrentTariffAsProfile")
            .WithSummary("Saves the tariff the Powerwall holds now as a profile: {\"name\": \"Summer plan\"}.")
            .Produces<ProfileDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPost("/custom/validate", async (JsonNode? body, TariffSyncClient client, CancellationToken ct) =>
            {
                if (body is null)
                {
                    return ScheduleProblem(["Give a TOU schedule as JSON."]);
                }

                return await BackendCall.RunAsync(Service,
                    () => client.ValidateCustomTariffAsync(new ValidateCustomTariffRequest { ScheduleJson = body.ToJsonString() }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    response => new CustomTariffValidationDto(response.Problems.Count == 0, response.Problems.ToList(), response.Problems.Count == 0 ? Tariff(response.TariffJson) : null));
            })
            .WithName("ValidateCustomTariff")
            .WithSummary("Checks a custom TOU schedule and shows the tariff it builds, or what is wrong with it, without saving it.")
            .Produces<CustomTariffValidationDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPost("/custom", async (SaveCustomProfileRequest? body, TariffSyncClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(body?.Name))
                {
                    return NameMissing();
                }

                if (body.Schedule is null)
                {
                    return ScheduleProblem(["Give a TOU schedule as JSON."]);
                }

                // Validate first: TariffSync's save refuses a bad schedule with its problems run together.
                var scheduleJson = body.Schedule.ToJsonString();
                var request = new SaveCustomTariffProfileRequest { SiteId = site.Value.Id, Name = body.Name.Trim(), ScheduleJson = scheduleJson };
                try
                {
                    var validation = await client.ValidateCustomTariffAsync(
                        new ValidateCustomTariffRequest { ScheduleJson = scheduleJson }, deadline: BackendCall.Deadline(), cancellationToken: ct);
                    return validation.Problems.Count > 0
                        ? ScheduleProblem(validation.Problems)
                        : Created(await client.SaveCustomTariffProfileAsync(request, deadline: BackendCall.Deadline(), cancellationToken: ct));
                }
                catch (RpcException exception) when (exception.StatusCode == StatusCode.InvalidArgument)
                {
                    return ScheduleProblem([exception.Status.Detail]);
                }
                catch (RpcException exception)
                {
                    return BackendCall.Problem(Service, exception);
                }
            })
            .WithName("SaveCustomTariffProfile")
            .WithSummary("Saves a custom TOU schedule as a profile: {\"name\": \"My TOU\", \"schedule\": {...}}; a bad schedule is a problem keyed \"schedule\".")
            .Produces<ProfileDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPost("/{id:long}/restore", (long id, TariffSyncClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
                // TariffSync reads 0 as "the default profile"; an id in the path names one.
                id < 1 ? Task.FromResult(NotFound(id)) : BackendCall.RunAsync(Service,
                    () => client.RestoreProfileAsync(new RestoreProfileRequest { SiteId = site.Value.Id, ProfileId = id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    o => new SyncOutcomeDto(Wire.Name(o.Status), Wire.Time(o.At), Wire.Text(o.Reason), o.ReadBackMatched, Wire.Text(o.Action))))
            .WithName("RestoreProfile")
            .WithSummary("Uploads a saved profile's tariff to the Powerwall; automatic sync is turned off so it stays.")
            .Produces<SyncOutcomeDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPut("/{id:long}/default", (long id, TariffSyncClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
                id < 1 ? Task.FromResult(NotFound(id)) : BackendCall.RespondAsync(Service,
                    () => client.SetDefaultProfileAsync(new SetDefaultProfileRequest { SiteId = site.Value.Id, ProfileId = id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    _ => TypedResults.NoContent()))
            .WithName("SetDefaultProfile")
            .WithSummary("Marks a profile as the default, the one restored when none is named.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapDelete("/{id:long}", (long id, TariffSyncClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
                id < 1 ? Task.FromResult(NotFound(id)) : BackendCall.RespondAsync(Service,
                    () => client.DeleteProfileAsync(new DeleteProfileRequest { SiteId = site.Value.Id, ProfileId = id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    _ => TypedResults.NoContent()))
            .WithName("DeleteProfile")
            .WithSummary("Deletes a saved profile.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return api;
    }

    private static Task<ListProfilesResponse> ListAsync(TariffSyncClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
        client.ListProfilesAsync(new ListProfilesRequest { SiteId = site.Value.Id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync;

    private static ProfileDto Map(TariffProfile profile) =>
        new(profile.Id, profile.Name, Wire.Text(profile.Source), Wire.Time(profile.CreatedAt), profile.IsDefault);

    private static IResult Created(TariffProfile profile) => TypedResults.Created($"/api/profiles/{profile.Id}", Map(profile));

    /// <summary>TariffSync's tariff JSON as an object; none when empty.</summary>
    private static JsonNode? Tariff(string json)
    {
        try
        {
            return json.Length == 0 ? null : JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            // TariffSync writes this JSON itself; should it ever not parse, the profile is still listed.
            return null;
        }
    }

    private static IResult NotFound(long id) =>
        TypedResults.Problem(title: "Not found.", detail: $"There is no profile {id}.", statusCode: StatusCodes.Status404NotFound);

    private static IResult NameMissing() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["Give the profile a name."] }, title: "The request is not valid.");

    private static IResult ScheduleProblem(IEnumerable<string> problems) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [Schedule] = [.. problems] }, title: "The TOU schedule is not valid.");
}
