using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TeslaSync.Domain.Energy;
using TeslaSync.ServiceDefaults;
using TeslaSync.Telemetry.Energy;
using TeslaSync.Telemetry.LiveStatus;

namespace TeslaSync.Telemetry.Storage;

/// <summary>Serialises the writers of energy rows (the sampler and the roll-up pass), so no sample's energy is added to a half-hour while it is being rolled up.</summary>
internal sealed class EnergyWriteGate : AsyncGate;

/// <summary>
/// Writes a site's samples and the energy they integrate to: each new sample is stored and the span
/// from the previous one added to the 5-minute rows it touches, in one transaction; a background pass
/// rolls finished half-hours up into 30-minute rows and removes rows past their retention.
/// </summary>
internal sealed class EnergyStore(TelemetryDbContext db, EnergyWriteGate gate, IOptions<EnergyHistoryOptions> options)
{
    private static readonly TimeSpan HalfHour = EnergyIntervals.HalfHour;

    /// <summary>How much backlog one roll-up step handles (a long outage is caught up a day at a time).</summary>
    private static readonly TimeSpan RollupChunk = TimeSpan.FromDays(1);

    /// <summary>Stores a sample and integrates it with the previous one; false (nothing stored) when it is not newer than the last.</summary>
    public async Task<bool> RecordSampleAsync(LiveSample sample, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sample);
        using var _ = await gate.EnterAsync(cancellationToken);
        var previous = await db.Samples.AsNoTracking()
            .Where(s => s.SiteId == sample.SiteId)
            .OrderByDescending(s => s.SampledAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (previous is not null && sample.SampledAt <= previous.SampledAt)
        {
            return false;
        }

        var row = ToRow(sample);
        db.Samples.Add(row);
        if (previous is not null)
        {
            var rolledUntil = await RolledUntilAsync(sample.SiteId, cancellationToken);
            foreach (var piece in EnergyIntegrator.Between(previous.ToPowerSample(), row.ToPowerSample(), options.Value.ToIntegrationOptions()))
            {
                (await IntervalRowAsync(sample.SiteId, EnergyIntervalRow.FiveMinutes, piece.Start, cancellationToken)).Add(piece);
                if (piece.Start < rolledUntil)
                {
                    // A sample stamped late reached into a half-hour already rolled up: add it there too.
                    (await IntervalRowAsync(sample.SiteId, EnergyIntervalRow.HalfHour, EnergyIntegrator.Floor(piece.Start, HalfHour), cancellationToken)).Add(piece);
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Rolls every finished half-hour not yet rolled up into 30-minute rows (a half-hour is finished
    /// <see cref="EnergyHistoryOptions.RollupDelay"/> after it ends); the number of half-hours written.
    /// </summary>
    public async Task<int> RollUpAsync(string siteId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        var target = EnergyIntegrator.Floor(now - options.Value.RollupDelay, HalfHour);
        var state = await db.RollupStates.FindAsync([siteId], cancellationToken);
        DateTimeOffset from;
        if (state is not null)
        {
            from = state.RolledUntil;
        }
        else
        {
            var oldest = await db.Intervals.AsNoTracking()
                .Where(i => i.SiteId == siteId && i.LengthMinutes == EnergyIntervalRow.FiveMinutes)
                .OrderBy(i => i.Start)
                .Select(i => (DateTimeOffset?)i.Start)
                .FirstOrDefaultAsync(cancellationToken);
            if (oldest is null)
            {
                return 0;
            }

            from = EnergyIntegrator.Floor(oldest.Value, HalfHour);
            state = new RollupStateRow { SiteId = siteId, RolledUntil = from };
            db.RollupStates.Add(state);
        }

        var written = 0;
        while (from < target)
        {
            var until = from + RollupChunk < target ? from + RollupChunk : target;
            var fine = await db.Intervals.AsNoTracking()
                .Where(i => i.SiteId == siteId && i.LengthMinutes == EnergyIntervalRow.FiveMinutes && i.Start >= from && i.Start < until)
                .ToListAsync(cancellationToken);
            foreach (var halfHour in EnergyIntervals.RollUp(fine.Select(r => r.ToInterval()), HalfHour))
            {
                (await IntervalRowAsync(siteId, EnergyIntervalRow.HalfHour, halfHour.Start, cancellationToken)).Set(halfHour);
                written++;
            }

            state.RolledUntil = until;
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            db.Attach(state);
            from = until;
        }

        await db.SaveChangesAsync(cancellationToken);
        return written;
    }

    /// <summary>Removes samples and intervals past their retention (a 5-minute row only once it has been rolled up).</summary>
    public async Task<RetentionResult> PurgeAsync(string siteId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        var settings = options.Value;
        var samples = 0;
        var fiveMinute = 0;
        var halfHour = 0;
        if (settings.RawSampleRetentionDays > 0)
        {
            var before = now.AddDays(-settings.RawSampleRetentionDays);
            samples = await db.Samples.Where(s => s.SiteId == siteId && s.SampledAt < before).ExecuteDeleteAsync(cancellationToken);
        }

        if (settings.FiveMinuteRetentionDays > 0)
        {
            var rolledUntil = await RolledUntilAsync(siteId, cancellationToken);
            // Whole half-hours only, so a half-hour is never half in 5-minute rows and half gone.
            var cutoff = EnergyIntegrator.Floor(now.AddDays(-settings.FiveMinuteRetentionDays), HalfHour);
            var before = cutoff < rolledUntil ? cutoff : rolledUntil;
            fiveMinute = await db.Intervals
                .Where(i => i.SiteId == siteId && i.LengthMinutes == EnergyIntervalRow.FiveMinutes && i.Start < before)
                .ExecuteDeleteAsync(cancellationToken);
        }

        if (settings.HalfHourRetentionDays > 0)
        {
            var before = now.AddDays(-settings.HalfHourRetentionDays);
            halfHour = await db.Intervals
                .Where(i => i.SiteId == siteId && i.LengthMinutes == EnergyIntervalRow.HalfHour && i.Start < before)
                .ExecuteDeleteAsync(cancellationToken);
            var beforeDate = DateOnly.FromDateTime(before.UtcDateTime).AddDays(-1);
            await db.TeslaDailyTotals.Where(t => t.SiteId == siteId && t.LocalDate < beforeDate).ExecuteDeleteAsync(cancellationToken);
        }

        return new RetentionResult(samples, fiveMinute, halfHour);
    }

    /// <summary>Every half-hour before this has been rolled up; <see cref="DateTimeOffset.MinValue"/> when none has.</summary>
    public async Task<DateTimeOffset> RolledUntilAsync(string siteId, CancellationToken cancellationToken) =>
        await db.RollupStates.AsNoTracking().Where(s => s.SiteId == siteId).Select(s => (DateTimeOffset?)s.RolledUntil)
            .FirstOrDefaultAsync(cancellationToken) ?? DateTimeOffset.MinValue;

    private async Task<EnergyIntervalRow> IntervalRowAsync(string siteId, int lengthMinutes, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var row = await db.Intervals.FindAsync([siteId, lengthMinutes, start], cancellationToken);
        if (row is null)
        {
            row = new EnergyIntervalRow { SiteId = siteId, LengthMinutes = lengthMinutes, Start = start };
            db.Intervals.Add(row);
        }

        return row;
    }

    private static LiveSampleRow ToRow(LiveSample sample) => new()
    {
        SiteId = sample.SiteId,
        SampledAt = sample.SampledAt,
        SolarW = sample.SolarPowerW,
        BatteryW = sample.BatteryPowerW,
        GridW = sample.GridPowerW,
        LoadW = sample.LoadPowerW,
        StateOfChargePercent = sample.StateOfChargePercent,
        GridStatus = sample.GridStatus,
        OperationMode = sample.OperationMode,
        BackupReservePercent = sample.BackupReservePercent,
        ExportRule = sample.ExportRule,
        FirmwareVersion = sample.FirmwareVersion,
    };
}

/// <summary>What one retention pass removed.</summary>
internal sealed record RetentionResult(int Samples, int FiveMinuteIntervals, int HalfHourIntervals);
