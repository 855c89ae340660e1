using System.Globalization;
using TeslaSync.Domain.Sites;

namespace TeslaSync.Integrations.Aemo;

/// <summary>AEMO's shared text conventions: NEM time, region ids and invariant numbers.</summary>
internal static class NemFormats
{
    /// <summary>NEM time is AEST all year: the market never observes daylight saving.</summary>
    public static readonly TimeSpan NemOffset = TimeSpan.FromHours(10);

    // JSON reports use ISO without offset; NEMWeb CSV uses slashes (quoted live, unquoted in archives).
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy/MM/dd HH:mm:ss",
        "yyyy/MM/dd HH:mm",
    ];

    /// <summary>Parses an offset-less NEM timestamp and returns the same instant in UTC.</summary>
    public static bool TryParseNemTime(string? text, out DateTimeOffset utc)
    {
        if (DateTime.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            utc = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), NemOffset).ToUniversalTime();
            return true;
        }

        utc = default;
        return false;
    }

    /// <summary>
    /// Maps AEMO's region id. Explicit rather than Enum.TryParse, which would also accept "1" or "nsw1".
    /// Unknown ids (e.g. the retired SNOWY1) return false and are skipped by callers.
    /// </summary>
    public static bool TryParseRegion(string? text, out NemRegion region)
    {
        (var known, region) = text switch
        {
            "NSW1" => (true, NemRegion.NSW1),
            "QLD1" => (true, NemRegion.QLD1),
            "VIC1" => (true, NemRegion.VIC1),
            "SA1" => (true, NemRegion.SA1),
            "TAS1" => (true, NemRegion.TAS1),
            _ => (false, default),
        };
        return known;
    }

    public static bool TryParseDecimal(string? text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
