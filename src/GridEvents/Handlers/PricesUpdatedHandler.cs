using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Events;
using TeslaSync.Domain.Prices;
using TeslaSync.EventBus;
using TeslaSync.GridEvents.Curtailment;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.GridEvents.Handlers;

/// <summary>Amber prices: the Current feed-in interval gives the earnings curtailment decides on.</summary>
internal sealed class PricesUpdatedHandler(CurtailmentController curtailment, IOptions<CurtailmentOptions> options, IOptions<SiteOptions> site)
    : IIntegrationEventHandler<PricesUpdated>
{
    public Task HandleAsync(PricesUpdated integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        if (!options.Value.Enabled || integrationEvent.SiteId != site.Value.Id)
        {
            return Task.CompletedTask;
        }

        var current = integrationEvent.Intervals.FirstOrDefault(i => i is { Channel: PriceChannel.FeedIn, Kind: IntervalKind.Current });
        if (current is null)
        {
            return Task.CompletedTask;
        }

        return curtailment.OnEarningsAsync(FeedInEarnings.CentsPerKwh(current.PerKwh), current.End, cancellationToken);
    }
}

/// <summary>SPEC §4: earnings = −(Amber feed-in perKwh), which is a cost in $/kWh; decided on in c/kWh.</summary>
public static class FeedInEarnings
{
    public static decimal CentsPerKwh(decimal feedInPerKwh) => -feedInPerKwh * 100m;
}
