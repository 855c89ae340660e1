using Grpc.Core;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.Integrations.Amber;
using WireSite = TeslaSync.Contracts.PriceIngest.V1.AmberSite;

namespace TeslaSync.PriceIngest.Grpc;

/// <summary>Choosing the Amber site: listed from the account, chosen by the user, remembered.</summary>
internal sealed partial class PriceIngestService
{
    public override async Task<ListAmberSitesResponse> ListAmberSites(ListAmberSitesRequest request, ServerCallContext context)
    {
        var siteId = SiteIdOf(request.SiteId);
        return await SitesResponseAsync(siteId, await AmberSitesAsync(context.CancellationToken), context.CancellationToken);
    }

    public override async Task<ListAmberSitesResponse> SelectAmberSite(SelectAmberSiteRequest request, ServerCallContext context)
    {
        var siteId = SiteIdOf(request.SiteId);
        var sites = await AmberSitesAsync(context.CancellationToken);
        var chosen = sites.FirstOrDefault(s => s.Id == request.AmberSiteId)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"The Amber account has no site '{request.AmberSiteId}'."));
        if (chosen.Status == AmberSiteStatus.Closed)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Amber site '{chosen.Id}' is closed."));
        }

        await choices.ChooseAsync(siteId, chosen.Id, time.GetUtcNow(), context.CancellationToken);
        return await SitesResponseAsync(siteId, sites, context.CancellationToken);
    }

    private async Task<IReadOnlyList<Integrations.Amber.AmberSite>> AmberSitesAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await amber.GetSitesAsync(cancellationToken);
        }
        catch (AmberApiException exception)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"Amber answered: {exception.Message}"));
        }
    }

    private async Task<ListAmberSitesResponse> SitesResponseAsync(string siteId, IReadOnlyList<Integrations.Amber.AmberSite> sites, CancellationToken cancellationToken)
    {
        // The user's choice; else the only active site, which is used without asking.
        var selected = await choices.ChosenAsync(siteId, cancellationToken);
        var active = sites.Where(s => s.Status == AmberSiteStatus.Active).ToList();
        selected ??= active.Count == 1 ? active[0].Id : null;

        var response = new ListAmberSitesResponse { SelectedSiteId = selected ?? string.Empty };
        response.Sites.AddRange(sites.Select(site => new WireSite
        {
            Id = site.Id,
            Nmi = site.Nmi,
            Network = site.Network ?? string.Empty,
            Status = site.Status.ToString().ToLowerInvariant(),
            IntervalLengthMinutes = site.IntervalLengthMinutes ?? 0,
            Selected = site.Id == selected,
        }));
        return response;
    }
}
