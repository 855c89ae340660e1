using Microsoft.EntityFrameworkCore;
using TeslaSync.GridEvents.Curtailment;
using TeslaSync.GridEvents.Spike;

namespace TeslaSync.GridEvents.Storage;

/// <summary>Loads and saves the state machines of a site, and the decision log.</summary>
internal sealed class GridStateStore(GridEventsDbContext db)
{
    /// <summary>The site's spike state; a new site starts normal, now.</summary>
    public async Task<SpikeSnapshot> SpikeAsync(string siteId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await db.SpikeStates.AsNoTracking().SingleOrDefaultAsync(s => s.SiteId == siteId, cancellationToken);
        if (row is null)
        {
            // Saved at once so "since" stays the first time the site was seen, not every read.
            var initial = SpikeSnapshot.Initial(now);
            await SaveAsync(siteId, initial, cancellationToken);
            return initial;
        }

        return new SpikeSnapshot(Enum.Parse<SpikePhase>(row.Phase), row.Since)
        {
            PricePerMwh = row.PricePerMwh,
            IntervalEnd = row.IntervalEnd,
            BelowExitSince = row.BelowExitSince,
            Until = row.Until,
            Confirmed = row.Confirmed,
        };
    }

    public async Task<CurtailmentSnapshot> CurtailmentAsync(string siteId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await db.CurtailmentStates.AsNoTracking().SingleOrDefaultAsync(s => s.SiteId == siteId, cancellationToken);
        if (row is null)
        {
            var initial = CurtailmentSnapshot.Initial(now);
            await SaveAsync(siteId, initial, cancellationToken);
            return initial;
        }

        return new CurtailmentSnapshot(row.Curtailed, row.Since)
        {
            EarningsCents = row.EarningsCents,
            IntervalEnd = row.IntervalEnd,
            AssertedAt = row.AssertedAt,
            Confirmed = row.Confirmed,
        };
    }

    /// <summary>Saves the state, and the decision that led to it when one is given, in one transaction.</summary>
    public async Task SaveAsync(string siteId, SpikeSnapshot state, CancellationToken cancellationToken, DecisionRow? decision = null)
    {
        var row = await db.SpikeStates.SingleOrDefaultAsync(s => s.SiteId == siteId, cancellationToken);
        if (row is null)
        {
            row = new SpikeStateRow { SiteId = siteId, Phase = state.Phase.ToString() };
            db.SpikeStates.Add(row);
        }

        row.Phase = state.Phase.ToString();
        row.Since = state.Since;
        row.PricePerMwh = state.PricePerMwh;
        row.IntervalEnd = state.IntervalEnd;
        row.BelowExitSince = state.BelowExitSince;
        row.Until = state.Until;
        row.Confirmed = state.Confirmed;
        await SaveWithAsync(decision, cancellationToken);
    }

    public async Task SaveAsync(string siteId, CurtailmentSnapshot state, CancellationToken cancellationToken, DecisionRow? decision = null)
    {
        var row = await db.CurtailmentStates.SingleOrDefaultAsync(s => s.SiteId == siteId, cancellationToken);
        if (row is null)
        {
            row = new CurtailmentStateRow { SiteId = siteId };
            db.CurtailmentStates.Add(row);
        }

        row.Curtailed = state.Curtailed;
        row.Since = state.Since;
        row.EarningsCents = state.EarningsCents;
        row.IntervalEnd = state.IntervalEnd;
        row.AssertedAt = state.AssertedAt;
        row.Confirmed = state.Confirmed;
        await SaveWithAsync(decision, cancellationToken);
    }

    /// <summary>The newest decisions first.</summary>
    /// <summary>Logs a decision that has no state of its own here (a user's force, kept by TariffSync).</summary>
    public async Task RecordAsync(DecisionRow decision, CancellationToken cancellationToken)
    {
        db.Decisions.Add(decision);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DecisionRow>> DecisionsAsync(string siteId, int limit, CancellationToken cancellationToken) =>
        await db.Decisions.AsNoTracking().Where(d => d.SiteId == siteId).OrderByDescending(d => d.Id).Take(limit).ToListAsync(cancellationToken);

    private async Task SaveWithAsync(DecisionRow? decision, CancellationToken cancellationToken)
    {
        if (decision is not null)
        {
            db.Decisions.Add(decision);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
