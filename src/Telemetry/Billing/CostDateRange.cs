namespace TeslaSync.Telemetry.Billing;

/// <summary>
/// The local days a costs query covers, with its defaults: no last day is today, no first day is the first
/// of the last day's month, so a query with neither is the month to date. The defaults live here, beside
/// the site's zone, because only Telemetry knows which zone "today" is in (it may come from TariffSync or the
/// Powerwall); callers such as the Gateway pass what they were given.
/// </summary>
internal static class CostDateRange
{
    /// <summary>The range, both days inclusive, with each missing day filled in from <paramref name="today"/> (the site's local date now).</summary>
    public static (DateOnly First, DateOnly Last) Resolve(DateOnly? first, DateOnly? last, DateOnly today)
    {
        var resolvedLast = last ?? today;
        return (first ?? new DateOnly(resolvedLast.Year, resolvedLast.Month, 1), resolvedLast);
    }
}
