using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Domain.Energy;
using TeslaSync.Domain.Tariffs;
using TeslaSync.Telemetry.Energy;
using TeslaSync.Telemetry.Storage;

/// <summary>
/// A year of one site's energy in Telemetry's own database, as a year of 30-second samples integrates
/// and rolls up under the retention policy. Shared with benchmarks/Data.Benchmarks (linked there).
/// </summary>
internal static class TelemetrySeed
{
    public const string SiteId = "home";

    /// <summary>Integrates a year of synthetic 30-second samples day by day and stores what retention would keep.</summary>
    public static async Task<(int HalfHours, int FiveMinutes, int Samples, int TeslaDays)> PopulateAsync(
        IServiceProvider services, TimeZoneInfo zone, DateOnly firstDay, DateOnly lastDay, DateTimeOffset now)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TelemetryDbContext>().Database.MigrateAsync();
        }

        var options = new EnergyIntegrationOptions();
        var fiveMinuteFrom = now.AddDays(-90);
        var samplesFrom = now.AddDays(-7);
        var rolledUntil = EnergyIntegrator.Floor(now - TimeSpan.FromMinutes(10), EnergyIntervals.HalfHour);
        var (halfHours, fiveMinutes, samples, teslaDays) = (0, 0, 0, 0);
        for (var date = firstDay; date <= lastDay; date = date.AddDays(1))
        {
            var start = SiteCalendar.StartOfDay(date, zone);
            var end = SiteCalendar.StartOfDay(date.AddDays(1), zone);
            end = end < now ? end : now;
            // The day's samples and the next day's first: the span across midnight belongs to this day's last interval.
            var day = new List<PowerSample>(2900);
            for (var at = start; at <= end; at = at.AddSeconds(30))
            {
                day.Add(Synthetic(at, zone));
            }

            var fine = EnergyIntegrator.Integrate(day, options);
            var coarse = EnergyIntervals.RollUp(fine.Where(i => i.Start < rolledUntil), EnergyIntervals.HalfHour);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TelemetryDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var interval in coarse)
            {
                db.Intervals.Add(Row(interval, EnergyIntervalRow.HalfHour));
                halfHours++;
            }

            foreach (var interval in fine.Where(i => i.Start >= EnergyIntegrator.Floor(fiveMinuteFrom, EnergyIntervals.HalfHour)))
            {
                db.Intervals.Add(Row(interval, EnergyIntervalRow.FiveMinutes));
                fiveMinutes++;
            }

            foreach (var sample in day.Where(s => s.At >= samplesFrom && s.At < end))
            {
                db.Samples.Add(new LiveSampleRow
                {
                    SiteId = SiteId, SampledAt = sample.At, SolarW = sample.SolarW, BatteryW = sample.BatteryW, GridW = sample.GridW,
                    LoadW = sample.LoadW, StateOfChargePercent = 50, GridStatus = "Active", OperationMode = "autonomous", BackupReservePercent = 20,
                });
                samples++;
            }

            if (end - start >= TimeSpan.FromHours(23))
            {
                var total = EnergyFlows.Of(EnergyIntervals.Total(fine, start, end));
                db.TeslaDailyTotals.Add(new TeslaDailyTotalsRow
                {
                    SiteId = SiteId, LocalDate = date, TimeZone = zone.Id, Status = TeslaDailyTotalsRow.Available, Attempts = 1, LastAttemptAt = end,
                    SolarWh = Math.Round(total.Solar), HomeWh = Math.Round(total.Home), GridImportWh = Math.Round(total.GridImport),
                    GridExportWh = Math.Round(total.GridExport), BatteryChargeWh = Math.Round(total.BatteryCharge), BatteryDischargeWh = Math.Round(total.BatteryDischarge),
                });
                teslaDays++;
            }

            await db.SaveChangesAsync();
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TelemetryDbContext>();
            db.RollupStates.Add(new RollupStateRow { SiteId = SiteId, RolledUntil = rolledUntil });
            await db.SaveChangesAsync();
        }

        return (halfHours, fiveMinutes, samples, teslaDays);
    }

    /// <summary>A plausible Sydney household: solar by the local hour and season, a morning and evening load, the battery between.</summary>
    public static PowerSample Synthetic(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var hour = local.TimeOfDay.TotalHours;
        var season = 0.75 + (0.25 * Math.Cos(2 * Math.PI * (local.DayOfYear - 15) / 365.0));
        var solar = hour is > 6 and < 19 ? Math.Round(6000 * season * Math.Sin(Math.PI * (hour - 6) / 13)) : 0;
        var load = Math.Round(400 + (1500 * Math.Exp(-Math.Pow((hour - 7.5) / 1.2, 2))) + (2500 * Math.Exp(-Math.Pow((hour - 19) / 1.8, 2))) + (100 * Math.Sin(at.ToUnixTimeSeconds() / 97.0)));
        var battery = Math.Clamp(load - solar, -5000, 5000) * (hour is > 1 and < 5 ? 0 : 1);
        return new PowerSample(at, solar, battery, load - solar - battery, load);
    }

    private static EnergyIntervalRow Row(EnergyInterval interval, int lengthMinutes) => new()
    {
        SiteId = SiteId,
        LengthMinutes = lengthMinutes,
        Start = interval.Start,
        SolarWh = interval.Solar,
        HomeWh = interval.Home,
        GridImportWh = interval.GridImport,
        GridExportWh = interval.GridExport,
        BatteryChargeWh = interval.BatteryCharge,
        BatteryDischargeWh = interval.BatteryDischarge,
        CoveredMilliseconds = (long)interval.Covered.TotalMilliseconds,
    };
}
