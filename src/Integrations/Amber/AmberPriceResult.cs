using TeslaSync.Domain.Prices;

namespace TeslaSync.Integrations.Amber;

/// <summary>
/// Prices parsed from one Amber response. Intervals that could not be understood are listed in
/// <see cref="Rejected"/> instead of failing the whole response: one odd interval must not stop a sync.
/// </summary>
/// <param name="Intervals">Accepted intervals in domain units ($/kWh, UTC, start on the boundary), in Amber's order.</param>
/// <param name="Rejected">Intervals left out, each with the reason.</param>
/// <param name="RateLimit">Rate-limit headers of the response; null for WebSocket pushes or when Amber sent none.</param>
public sealed record AmberPriceResult(
    IReadOnlyList<PriceInterval> Intervals,
    IReadOnlyList<RejectedAmberInterval> Rejected,
    AmberRateLimit? RateLimit);

/// <summary>An interval left out of an <see cref="AmberPriceResult"/>.</summary>
/// <param name="Index">Zero-based position of the interval in Amber's array.</param>
/// <param name="Reason">Why it was rejected, naming the offending field.</param>
public sealed record RejectedAmberInterval(int Index, string Reason);

/// <summary>
/// Amber's rate-limit headers (<c>RateLimit-Limit</c>, <c>-Remaining</c>, <c>-Reset</c>, <c>-Policy</c>).
/// Each part is null when that header was missing or unreadable.
/// </summary>
/// <param name="Reset">Time until the window resets, from <c>RateLimit-Reset</c> (seconds).</param>
/// <param name="Policy">Raw policy, e.g. <c>50;w=300</c> (50 requests per 300 s).</param>
public sealed record AmberRateLimit(int? Limit, int? Remaining, TimeSpan? Reset, string? Policy);
