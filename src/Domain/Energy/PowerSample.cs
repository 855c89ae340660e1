namespace TeslaSync.Domain.Energy;

/// <summary>
/// Instantaneous power flows of a site at one instant, in W, with Tesla's signs (CONTRACTS §2.4):
/// load = solar + battery + grid; <see cref="BatteryW"/> &gt; 0 discharging, &lt; 0 charging;
/// <see cref="GridW"/> &gt; 0 importing, &lt; 0 exporting.
/// </summary>
public readonly record struct PowerSample(DateTimeOffset At, double SolarW, double BatteryW, double GridW, double LoadW);
