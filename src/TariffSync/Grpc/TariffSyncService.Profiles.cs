using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using System.Text.Json;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Domain.Tariffs;
using TeslaSync.Integrations.Tesla;
using TeslaSync.TariffSync.Profiles;
using TeslaSync.TariffSync.Sync;
using WireProfile = TeslaSync.Contracts.TariffSync.V1.TariffProfile;

namespace TeslaSync.TariffSync.Grpc;

/// <summary>Saved tariff profiles and the automatic-sync switch.</summary>
internal sealed partial class TariffSyncService
{
    public override Task<WireProfile> SaveCurrentTariffAsProfile(SaveCurrentTariffAsProfileRequest request, ServerCallContext context) =>
        ProfileCall(async () => ToMessage(await profiles.SaveFromPowerwallAsync(SiteIdOf(request.SiteId), request.Name, context.CancellationToken)));

    public override Task<WireProfile> SaveCustomTariffProfile(SaveCustomTariffProfileRequest request, ServerCallContext context) =>
        ProfileCall(async () =>
        {
            var siteId = SiteIdOf(request.SiteId);
            var built = BuildCustom(request.ScheduleJson);
            if (!built.Succeeded)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, string.Join(" ", built.Problems)));
            }

            return ToMessage(await profiles.SaveCustomAsync(siteId, request.Name, built.Content!.ToJson(), context.CancellationToken));
        });

    public override Task<ValidateCustomTariffResponse> ValidateCustomTariff(ValidateCustomTariffRequest request, ServerCallContext context)
    {
        var built = BuildCustom(request.ScheduleJson);
        var response = new ValidateCustomTariffResponse { TariffJson = built.Content?.ToJson().ToJsonString() ?? string.Empty };
        response.Problems.AddRange(built.Problems);
        return Task.FromResult(response);
    }

    public override Task<ListProfilesResponse> ListProfiles(ListProfilesRequest request, ServerCallContext context) =>
        ProfileCall(async () =>
        {
            var response = new ListProfilesResponse();
            response.Profiles.AddRange((await profiles.ListAsync(SiteIdOf(request.SiteId), context.CancellationToken)).Select(ToMessage));
            return response;
        });

    public override Task<Contracts.TariffSync.V1.SyncOutcome> RestoreProfile(RestoreProfileRequest request, ServerCallContext context) =>
        ProfileCall(async () => ToMessage(await profiles.RestoreAsync(
            SiteIdOf(request.SiteId), request.ProfileId == 0 ? null : request.ProfileId, context.CancellationToken)));

    public override Task<SetDefaultProfileResponse> SetDefaultProfile(SetDefaultProfileRequest request, ServerCallContext context) =>
        ProfileCall(async () =>
        {
            await profiles.SetDefaultAsync(SiteIdOf(request.SiteId), request.ProfileId, context.CancellationToken);
            return new SetDefaultProfileResponse();
        });

    public override Task<DeleteProfileResponse> DeleteProfile(DeleteProfileRequest request, ServerCallContext context) =>
        ProfileCall(async () =>
        {
            await profiles.DeleteAsync(SiteIdOf(request.SiteId), request.ProfileId, context.CancellationToken);
            return new DeleteProfileResponse();
        });

    public override async Task<SyncSettings> GetSyncSettings(GetSyncSettingsRequest request, ServerCallContext context)
    {
        var siteId = SiteIdOf(request.SiteId);
        return new SyncSettings { SiteId = siteId, AutoSync = await settings.AutoSyncAsync(siteId, context.CancellationToken) };
    }

    public override async Task<SyncSettings> SetAutoSync(SetAutoSyncRequest request, ServerCallContext context)
    {
        var siteId = SiteIdOf(request.SiteId);
        await settings.SetAutoSyncAsync(siteId, request.Enabled, context.CancellationToken);
        return new SyncSettings { SiteId = siteId, AutoSync = request.Enabled };
    }

    /// <summary>Reads and builds a custom TOU schedule; JSON that is not a schedule is one problem, naming where it went wrong.</summary>
    private static CustomTouBuildResult BuildCustom(string scheduleJson)
    {
        try
        {
            return CustomTouTariffBuilder.Build(CustomTouSchedule.FromJson(scheduleJson));
        }
        catch (JsonException exception)
        {
            return CustomTouBuildResult.Refused([$"The schedule is not valid JSON for a TOU schedule (at {exception.Path ?? "the start"}): {exception.Message}"]);
        }
    }

    /// <summary>Turns the profile domain's failures into gRPC statuses a caller can act on.</summary>
    private static async Task<T> ProfileCall<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ProfileException exception)
        {
            throw new RpcException(new Status(exception.NotFound ? StatusCode.NotFound : StatusCode.FailedPrecondition, exception.Message));
        }
        catch (SiteSetupRequiredException exception)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, exception.Message));
        }
        catch (TeslaApiException exception)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"Tesla answered {exception.Message}"));
        }
    }

    private static WireProfile ToMessage(Profiles.TariffProfile profile) => new()
    {
        Id = profile.Id,
        Name = profile.Name,
        Source = profile.Source.ToString().ToLowerInvariant(),
        CreatedAt = Timestamp.FromDateTimeOffset(profile.CreatedAt),
        IsDefault = profile.IsDefault,
        TariffJson = profile.Document.ToJsonString(),
    };
}
