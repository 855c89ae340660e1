using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Events;
using TeslaSync.Domain.Prices;
using TeslaSync.EventBus;
using TeslaSync.GridEvents.Curtailment;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.GridEvents.Handlers;

/// <summary>Amber prices: the Current feed-in interval gives the earnings curtailment decides on.</summary>
internal sealed class PricesUpdatedHandler(CurtailmentController curtailment, IOptionsMonitor<CurtailmentOptions> options, IOptions<SiteOptions> site)
    : IIntegrationEventHandler<PricesUpdated>
{
    public Task HandleAsync(PricesUpdated integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        if (!options.CurrentValue.Enabled || integrationEvent.SiteId != site.Value.Id)
        {
            return Task.CompletedTask;
        }

        // On a 5-minute billing site a push carries the 5-minute current interval next to the 30-minute
        // one from REST (an estimate until its last 5 minutes): the shortest is the price paid right now.
        var current = integrationEvent.Intervals
            .Where(i => i is { Channel: PriceChannel.FeedIn, Kind: IntervalKind.Current })
            .MinBy(i => i.End - i.Start);
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
