using Microsoft.EntityFrameworkCore;
using TeslaSync.GridEvents.Curtailment;
using TeslaSync.GridEvents.DemandWindow;
using TeslaSync.GridEvents.Spike;

namespace TeslaSync.GridEvents.Storage;

/// <summary>Loads and saves the state machines of a site, and the decision log.</summary>
internal sealed class GridStateStore(GridEventsDbContext db)
{
    /// <summary>The site's spike state; a new site starts normal, now.</summary>
    public Task<SpikeSnapshot> SpikeAsync(string siteId, DateTimeOffset now, CancellationToken cancellationToken) =>
        LoadOrStartAsync(
            db.SpikeStates,
            siteId,
            row => new SpikeSnapshot(Enum.Parse<SpikePhase>(row.Phase), row.Since)
            {
                PricePerMwh = row.PricePerMwh,
                IntervalEnd = row.IntervalEnd,
                BelowExitSince = row.BelowExitSince,
                Until = row.Until,
                Confirmed = row.Confirmed,
            },
            SpikeSnapshot.Initial(now),
            initial => SaveAsync(siteId, initial, cancellationToken),
            cancellationToken);

    /// <summary>The site's curtailment state; a new site starts exporting, now.</summary>
    public Task<CurtailmentSnapshot> CurtailmentAsync(string siteId, DateTimeOffset now, CancellationToken cancellationToken) =>
        LoadOrStartAsync(
            db.CurtailmentStates,
            siteId,
            row => new CurtailmentSnapshot(row.Curtailed, row.Since)
            {
                EarningsCents = row.EarningsCents,
                IntervalEnd = row.IntervalEnd,
                AssertedAt = row.AssertedAt,
                Confirmed = row.Confirmed,
            },
            CurtailmentSnapshot.Initial(now),
            initial => SaveAsync(siteId, initial, cancellationToken),
            cancellationToken);

    /// <summary>The site's demand-window state; a new site starts outside the window, now.</summary>
    public Task<DemandWindowSnapshot> DemandWindowAsync(string siteId, DateTimeOffset now, CancellationToken cancellationToken) =>
        LoadOrStartAsync(
            db.DemandWindowStates,
            siteId,
            row => new DemandWindowSnapshot(row.InWindow, row.Since) { Confirmed = row.Confirmed, CheckedAt = row.CheckedAt },
            DemandWindowSnapshot.Initial(now),
            initial => SaveAsync(siteId, initial, cancellationToken),
            cancellationToken);

    /// <summary>Saves the state, and the decision that led to it when one is given, in one transaction.</summary>
    public async Task SaveAsync(string siteId, SpikeSnapshot state, CancellationToken cancellationToken, DecisionRow? decision = null)
    {
        var row = await FindOrAddAsync(db.SpikeStates, siteId, () => new SpikeStateRow { SiteId = siteId, Phase = state.Phase.ToString() }, cancellationToken);
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
        var row = await FindOrAddAsync(db.CurtailmentStates, siteId, () => new CurtailmentStateRow { SiteId = siteId }, cancellationToken);
        row.Curtailed = state.Curtailed;
        row.Since = state.Since;
        row.EarningsCents = state.EarningsCents;
        row.IntervalEnd = state.IntervalEnd;
        row.AssertedAt = state.AssertedAt;
        row.Confirmed = state.Confirmed;
        await SaveWithAsync(decision, cancellationToken);
    }

    public async Task SaveAsync(string siteId, DemandWindowSnapshot state, CancellationToken cancellationToken, DecisionRow? decision = null)
    {
        var row = await FindOrAddAsync(db.DemandWindowStates, siteId, () => new DemandWindowStateRow { SiteId = siteId }, cancellationToken);
        row.InWindow = state.InWindow;
        row.Since = state.Since;
        row.Confirmed = state.Confirmed;
        row.CheckedAt = state.CheckedAt;
        await SaveWithAsync(decision, cancellationToken);
    }

    /// <summary>Logs a decision that has no state of its own here (a user's force, kept by TariffSync).</summary>
    public async Task RecordAsync(DecisionRow decision, CancellationToken cancellationToken)
    {
        db.Decisions.Add(decision);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The newest decisions first.</summary>
    public async Task<IReadOnlyList<DecisionRow>> DecisionsAsync(string siteId, int limit, CancellationToken cancellationToken) =>
        await db.Decisions.AsNoTracking().Where(d => d.SiteId == siteId).OrderByDescending(d => d.Id).Take(limit).ToListAsync(cancellationToken);

    /// <summary>
    /// The stored state, or the initial one saved at once, so "since" stays the first time the site
    /// was seen, not every read. The status page and the checks may both be first at the same
    /// moment: the one whose insert loses takes the winner's row.
    /// </summary>
    private static async Task<TState> LoadOrStartAsync<TRow, TState>(
        DbSet<TRow> states, string siteId, Func<TRow, TState> read, TState initial, Func<TState, Task> save, CancellationToken cancellationToken)
        where TRow : class, ISiteStateRow
    {
        if (await LoadAsync() is { } row)
        {
            return read(row);
        }

        try
        {
            await save(initial);
            return initial;
        }
        catch (DbUpdateException exception)
        {
            // Forget the losing insert, or the next save of this context would try it again.
            foreach (var entry in exception.Entries)
            {
                entry.State = EntityState.Detached;
            }

            if (await LoadAsync() is { } winner)
            {
                return read(winner);
            }

            throw;
        }

        Task<TRow?> LoadAsync() => states.AsNoTracking().SingleOrDefaultAsync(s => s.SiteId == siteId, cancellationToken);
    }

    /// <summary>The site's row of a state machine, tracked, so setting its columns and saving updates it.</summary>
    private static async Task<TRow> FindOrAddAsync<TRow>(DbSet<TRow> states, string siteId, Func<TRow> create, CancellationToken cancellationToken)
        where TRow : class, ISiteStateRow
    {
        var row = await states.SingleOrDefaultAsync(s => s.SiteId == siteId, cancellationToken);
        if (row is null)
        {
            row = create();
            states.Add(row);
        }

        return row;
    }

    private async Task SaveWithAsync(DecisionRow? decision, CancellationToken cancellationToken)
    {
        if (decision is not null)
        {
            db.Decisions.Add(decision);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
