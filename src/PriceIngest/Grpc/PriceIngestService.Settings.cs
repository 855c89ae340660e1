using Grpc.Core;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.PriceIngest.Accounts;
using WireSite = TeslaSync.Contracts.PriceIngest.V1.AmberSite;

namespace TeslaSync.PriceIngest.Grpc;

/// <summary>The settings page: the Amber token (write-only), the site and the NEM region.</summary>
internal sealed partial class PriceIngestService
{
    /// <summary>Trailer naming the request field a refusal is about, so the Gateway can report it against that field.</summary>
    public const string FieldTrailer = "field";

    public override async Task<Contracts.PriceIngest.V1.AmberSettings> GetAmberSettings(GetAmberSettingsRequest request, ServerCallContext context) =>
        ToMessage(await amberSettings.GetAsync(SiteIdOf(request.SiteId), context.CancellationToken));

    public override async Task<Contracts.PriceIngest.V1.AmberSettings> UpdateAmberSettings(UpdateAmberSettingsRequest request, ServerCallContext context)
    {
        var siteId = SiteIdOf(request.SiteId);
        var change = new AmberSettingsChange(
            request.HasApiToken ? request.ApiToken : null,
            request.HasAmberSiteId ? request.AmberSiteId : null,
            request.HasRegion ? request.Region : null);
        try
        {
            return ToMessage(await amberSettings.UpdateAsync(siteId, change, context.CancellationToken));
        }
        catch (AmberSettingsException exception)
        {
            var code = exception.Problem switch
            {
                AmberSettingsProblem.Invalid => StatusCode.InvalidArgument,
                AmberSettingsProblem.NotFound => StatusCode.NotFound,
                AmberSettingsProblem.NotPossible => StatusCode.FailedPrecondition,
                _ => StatusCode.Unavailable,
            };
            throw new RpcException(new Status(code, exception.Message), new Metadata { { FieldTrailer, exception.Field } });
        }
    }

    private static Contracts.PriceIngest.V1.AmberSettings ToMessage(AmberSettingsView view)
    {
        var message = new Contracts.PriceIngest.V1.AmberSettings
        {
            TokenSet = view.TokenSet,
            AmberSiteId = view.AmberSiteId ?? string.Empty,
            SitesProblem = view.SitesProblem ?? string.Empty,
            Region = view.Region.Region?.ToString() ?? string.Empty,
            RegionSource = view.Region.Source,
            RegionProblem = view.Region.Problem ?? string.Empty,
        };
        message.Sites.AddRange(view.Sites.Select(site => new WireSite
        {
            Id = site.Id,
            Nmi = site.Nmi,
            Network = site.Network ?? string.Empty,
            Status = site.Status.ToString().ToLowerInvariant(),
            IntervalLengthMinutes = site.IntervalLengthMinutes ?? 0,
            Selected = site.Id == view.AmberSiteId,
        }));
        return message;
    }
}
