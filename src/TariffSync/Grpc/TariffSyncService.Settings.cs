using Grpc.Core;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.TariffSync.Account;

namespace TeslaSync.TariffSync.Grpc;

/// <summary>The settings page: the Tesla access token (write-only) and the site's time zone.</summary>
internal sealed partial class TariffSyncService
{
    /// <summary>Trailer naming the request field a refusal is about, so the Gateway can report it against that field.</summary>
    public const string FieldTrailer = "field";

    public override Task<Contracts.TariffSync.V1.SiteSettings> GetSiteSettings(GetSiteSettingsRequest request, ServerCallContext context)
    {
        SiteIdOf(request.SiteId);
        return AccountCall(async () => ToMessage(await siteSettings.GetAsync(context.CancellationToken)));
    }

    public override async Task<Contracts.TariffSync.V1.SiteSettings> UpdateSiteSettings(UpdateSiteSettingsRequest request, ServerCallContext context)
    {
        var siteId = SiteIdOf(request.SiteId);
        var change = new SiteSettingsChange(request.HasTeslemetryToken ? request.TeslemetryToken : null, request.HasTimeZone ? request.TimeZone : null);
        try
        {
            return await AccountCall(async () => ToMessage(await siteSettings.UpdateAsync(siteId, change, context.CancellationToken)));
        }
        catch (SiteSettingsException exception)
        {
            var code = exception.Problem switch
            {
                SiteSettingsProblem.Invalid => StatusCode.InvalidArgument,
                SiteSettingsProblem.NotPossible => StatusCode.FailedPrecondition,
                _ => StatusCode.Unavailable,
            };
            throw new RpcException(new Status(code, exception.Message), new Metadata { { FieldTrailer, exception.Field } });
        }
    }

    private static Contracts.TariffSync.V1.SiteSettings ToMessage(SiteSettingsView view) => new()
    {
        Account = ToMessage(view.Account, view.TokenSet),
        TimeZone = view.TimeZone.Zone?.Id ?? string.Empty,
        TimeZoneSource = view.TimeZone.Source,
        TimeZoneProblem = view.TimeZone.Problem ?? string.Empty,
    };
}
