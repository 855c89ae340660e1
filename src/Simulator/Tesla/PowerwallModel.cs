using TeslaSync.Simulator.Amber;
using TeslaSync.Simulator.Market;

namespace TeslaSync.Simulator.Tesla;

/// <summary>Instantaneous site power flows, in W and %, using Tesla's signs (battery &gt; 0 discharging, grid &gt; 0 importing).</summary>
public readonly record struct LiveSample(
    double SolarPower,
    double LoadPower,
    double BatteryPower,
    double GridPower,
    double PercentageCharged,
    double EnergyLeft,
    double TotalPackEnergy);

/// <summary>
/// A deliberately simple, deterministic stand-in for the Powerwall until the full model (which will
/// follow the uploaded tariff and integrate energy) replaces it: solar is a sine between 06:30 and
/// 18:30 site-local time, load a base plus morning and evening peaks, state of charge a fixed daily
/// profile (empty-ish at dawn, full mid-afternoon), and the battery covers the difference within its
/// power limit. Load = solar + battery + grid holds exactly, as in the live_status fixture.
/// </summary>
public sealed class PowerwallModel(TeslaOptions options)
{
    public const double EnergyPerBatteryWh = 13500;
    public const double PowerPerBatteryW = 5000;

    private readonly TimeZoneInfo _zone = ResolveZone(options.InstallationTimeZone);

    public double TotalPackEnergy => EnergyPerBatteryWh * options.BatteryCount;

    public double MaxPower => PowerPerBatteryW * options.BatteryCount;

    public DateTimeOffset ToSiteTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);

    public LiveSample Sample(DateTimeOffset now, string mode, int backupReservePercent)
    {
        var local = ToSiteTime(now);
        var hour = local.TimeOfDay.TotalHours;

        var solar = hour is > 6.5 and < 18.5 ? options.SolarPeakWatts * Math.Sin(Math.PI * (hour - 6.5) / 12) : 0;
        var load = 400 + Bump(hour, 7.5, 1.0, 1200) + Bump(hour, 19, 1.5, 2200) + (150 * Wiggle(now));

        var soc = mode == "backup" ? 100 : Math.Max(DailyStateOfCharge(hour), backupReservePercent);
        var deficit = load - solar;
        double battery = 0;
        if (deficit > 0 && soc > backupReservePercent + 0.5 && mode != "backup")
        {
            battery = Math.Min(deficit, MaxPower);
        }
        else if (deficit < 0 && soc < 99.5)
        {
            battery = Math.Max(deficit, -MaxPower);
        }

        solar = Math.Round(solar);
        load = Math.Round(load);
        battery = Math.Round(battery);
        var grid = load - solar - battery;
        return new LiveSample(solar, load, battery, grid, soc, TotalPackEnergy * soc / 100, TotalPackEnergy);
    }

    /// <summary>Typical self-consumption day: 15 % at 06:00, full by 14:00, holds until 17:00, drains overnight.</summary>
    private static double DailyStateOfCharge(double hour) => hour switch
    {
        < 6 => 100 - (85 * (hour + 7) / 13), // the 17:00→06:00 drain continues past midnight
        < 14 => 15 + (85 * (hour - 6) / 8),
        < 17 => 100,
        _ => 100 - (85 * (hour - 17) / 13),
    };

    private static double Bump(double hour, double centre, double width, double watts) =>
        watts * Math.Exp(-Math.Pow((hour - centre) / width, 2));

    /// <summary>Deterministic per-5-minute variation in [−1, 1).</summary>
    private static double Wiggle(DateTimeOffset now) => AmberPriceModel.Perturbation(NemTime.FloorToInterval(now, 5));

    private static TimeZoneInfo ResolveZone(string id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return TimeZoneInfo.CreateCustomTimeZone("NEM", TimeSpan.FromHours(10), "NEM", "NEM");
        }

        return TimeZoneInfo.FindSystemTimeZoneById(id);
    }
}
