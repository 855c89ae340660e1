namespace TeslaSync.Domain.Tariffs;

/// <summary>The tariff last sent to a Powerwall, and when.</summary>
public sealed record UploadedTariff(HalfHourTariff Tariff, DateTimeOffset UploadedAt);

/// <summary>Whether to upload a newly built tariff, and why not when not.</summary>
/// <param name="OnlyIfChangedElsewhere">
/// Not worth an upload on our side, but due if the Powerwall no longer holds what we sent
/// (someone changed it in the Tesla app): worth a read-back when one is due.
/// </param>
public sealed record UploadDecision(bool Upload, string Reason, bool OnlyIfChangedElsewhere = false)
{
    public static UploadDecision Yes(string reason) => new(true, reason);

    public static UploadDecision No(string reason) => new(false, reason);
}

/// <summary>
/// Decides whether a new tariff is worth a (paid, rate-limited) upload: at most one per site per
/// 5-minute period, and only when some rate moved by more than the threshold.
/// </summary>
public sealed class TariffUploadPolicy(decimal materialChangePerKwh)
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(5);

    public UploadDecision Decide(HalfHourTariff candidate, UploadedTariff? last, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (last is null)
        {
            return UploadDecision.Yes("No tariff has been uploaded yet.");
        }

        if (PeriodOf(last.UploadedAt) == PeriodOf(now))
        {
            return UploadDecision.No("A tariff was already uploaded in this 5-minute period.");
        }

        if (last.Tariff.TimeZoneId != candidate.TimeZoneId)
        {
            return UploadDecision.Yes("The site's time zone changed.");
        }

        var difference = candidate.LargestDifference(last.Tariff);
        return difference > materialChangePerKwh
            ? UploadDecision.Yes($"A rate changed by ${difference:0.####}/kWh.")
            : new UploadDecision(false, $"No rate changed by more than ${materialChangePerKwh:0.####}/kWh.", OnlyIfChangedElsewhere: true);
    }

    private static long PeriodOf(DateTimeOffset instant) => instant.UtcTicks / Period.Ticks;
}
