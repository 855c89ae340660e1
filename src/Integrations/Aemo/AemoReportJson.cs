using System.Text.Json;

namespace TeslaSync.Integrations.Aemo;

/// <summary>
/// Pure parsers for the JSON reports of visualisations.aemo.com.au (CONTRACTS §3.1, §3.2).
/// Rows of regions this version does not know are skipped; a structurally wrong document or row
/// throws <see cref="FormatException"/>, because a half-read price snapshot is worse than none.
/// </summary>
public static class AemoReportJson
{
    /// <summary>Reads <c>ELEC_NEM_SUMMARY</c>: the latest dispatch price of each region.</summary>
    /// <exception cref="FormatException">The document or a row does not have the documented shape.</exception>
    public static IReadOnlyList<RegionalPrice> ParseNemSummary(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = Parse(utf8Json);
        var prices = new List<RegionalPrice>();
        var index = 0;
        foreach (var row in RowsOf(document.RootElement, "ELEC_NEM_SUMMARY"))
        {
            if (ReadRegion(row, index) is { } region)
            {
                prices.Add(new RegionalPrice(
                    region,
                    ReadNemTime(row, "SETTLEMENTDATE", "ELEC_NEM_SUMMARY", index),
                    ReadDecimal(row, "PRICE", "ELEC_NEM_SUMMARY", index)
                        ?? throw RowError("ELEC_NEM_SUMMARY", index, "PRICE is missing"),
                    ReadString(row, "PRICE_STATUS")?.Trim() == "FIRM"));
            }

            index++;
        }

        return prices;
    }

    /// <summary>Reads the <c>5MIN</c> price-and-demand report (about 48 h of actuals per region, plus forecasts in newer versions).</summary>
    /// <exception cref="FormatException">The document or a row does not have the documented shape.</exception>
    public static IReadOnlyList<PriceAndDemandInterval> ParseFiveMinuteReport(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = Parse(utf8Json);
        var rows = new List<PriceAndDemandInterval>();
        var index = 0;
        foreach (var row in RowsOf(document.RootElement, "5MIN"))
        {
            if (ReadRegion(row, index) is { } region)
            {
                rows.Add(new PriceAndDemandInterval(
                    region,
                    ReadNemTime(row, "SETTLEMENTDATE", "5MIN", index),
                    ReadDecimal(row, "RRP", "5MIN", index) ?? throw RowError("5MIN", index, "RRP is missing"),
                    ReadDecimal(row, "TOTALDEMAND", "5MIN", index),
                    ReadString(row, "PERIODTYPE") ?? string.Empty));
            }

            index++;
        }

        return rows;
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> utf8Json)
    {
        try
        {
            return JsonDocument.Parse(utf8Json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"AEMO report is not valid JSON (line {ex.LineNumber}, byte {ex.BytePositionInLine}).", ex);
        }
    }

    private static JsonElement.ArrayEnumerator RowsOf(JsonElement root, string table)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(table, out var rows) || rows.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"AEMO report has no '{table}' array.");
        }

        return rows.EnumerateArray();
    }

    private static Domain.Sites.NemRegion? ReadRegion(JsonElement row, int index)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"AEMO report row {index} is not an object.");
        }

        return NemFormats.TryParseRegion(ReadString(row, "REGIONID"), out var region) ? region : null;
    }

    private static DateTimeOffset ReadNemTime(JsonElement row, string field, string table, int index) =>
        NemFormats.TryParseNemTime(ReadString(row, field), out var utc)
            ? utc
            : throw RowError(table, index, $"{field} is missing or not a NEM timestamp");

    private static decimal? ReadDecimal(JsonElement row, string field, string table, int index)
    {
        if (!row.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
        {
            return number;
        }

        // Tolerate numbers sent as strings; AEMO's feeds have changed representation before.
        if (value.ValueKind == JsonValueKind.String && NemFormats.TryParseDecimal(value.GetString(), out number))
        {
            return number;
        }

        throw RowError(table, index, $"{field} is not a number");
    }

    private static string? ReadString(JsonElement row, string field) =>
        row.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static FormatException RowError(string table, int index, string problem) =>
        new($"AEMO {table} row {index}: {problem}.");
}
