using System.Globalization;

namespace TeslaSync.Gateway.Api;

/// <summary>
/// Reads query-string input by hand so that a bad value gets a 400 problem naming the field and
/// what is expected, rather than the framework's bare 400.
/// </summary>
internal sealed class ApiInput
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IResult Problem() => TypedResults.ValidationProblem(_errors, title: "The request is not valid.");

    public void Error(string field, string message) => _errors[field] = [.. _errors.GetValueOrDefault(field, []), message];

    /// <summary>An ISO 8601 time; without an offset it is taken as UTC.</summary>
    public DateTimeOffset? Time(string field, string? value, DateTimeOffset? fallback)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        Error(field, $"'{value}' is not an ISO 8601 time (e.g. 2026-01-31T13:30:00Z).");
        return null;
    }

    public DateOnly? Date(string field, string? value, DateOnly? fallback)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Error(field, $"'{value}' is not a date written yyyy-MM-dd.");
        return null;
    }

    public int? Integer(string field, string? value, int fallback, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        Error(field, $"'{value}' must be a whole number from {min} to {max}.");
        return null;
    }

    /// <summary>One of a fixed set of words (case-insensitive).</summary>
    public TValue? Choice<TValue>(string field, string? value, TValue fallback, IReadOnlyDictionary<string, TValue> choices)
        where TValue : struct
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        foreach (var (word, choice) in choices)
        {
            if (string.Equals(word, value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        Error(field, $"'{value}' must be one of: {string.Join(", ", choices.Keys)}.");
        return null;
    }

    public void Range(string fromField, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is { } start && to is { } end && end <= start)
        {
            Error(fromField, "from must be before to.");
        }
    }
}
