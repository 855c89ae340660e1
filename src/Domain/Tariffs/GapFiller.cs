namespace TeslaSync.Domain.Tariffs;

/// <summary>Fills missing values from the nearest known one in chronological order.</summary>
public static class GapFiller
{
    /// <summary>
    /// Each missing value takes the nearest known value (the earlier one on a tie). The sequence
    /// runs from now forward, so a fill never reaches across the now boundary by wrapping round
    /// the clock. At least one value must be known.
    /// </summary>
    public static decimal[] FillFromNearest(IReadOnlyList<decimal?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var known = Enumerable.Range(0, values.Count).Where(i => values[i] is not null).ToArray();
        if (known.Length == 0)
        {
            throw new ArgumentException("Nothing to fill from: every value is missing.", nameof(values));
        }

        return Enumerable.Range(0, values.Count)
            .Select(i => values[i] ?? values[known.MinBy(k => (Math.Abs(k - i), k))]!.Value)
            .ToArray();
    }
}
