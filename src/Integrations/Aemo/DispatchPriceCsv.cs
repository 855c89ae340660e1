using System.Globalization;
using System.Text;

namespace TeslaSync.Integrations.Aemo;

/// <summary>
/// Reads regional dispatch prices from a NEMWeb MMS "C/I/D" CSV: a live <c>PUBLIC_DISPATCHIS_*</c>
/// file (quoted timestamps) or an MMSDM monthly <c>DISPATCHPRICE</c> archive (unquoted).
/// </summary>
/// <remarks>
/// Only <c>D,DISPATCH,PRICE</c> rows with <c>INTERVENTION = 0</c> are returned: intervention runs
/// are what-if prices, not the price the market settled on. Column positions come from the
/// preceding <c>I,DISPATCH,PRICE</c> header row, because AEMO adds columns between table versions.
/// Files without PRICE_STATUS (older versions) are treated as firm: archives hold settled prices.
/// </remarks>
public static class DispatchPriceCsv
{
    private const string Report = "DISPATCH";
    private const string Table = "PRICE";

    /// <summary>Parses the whole file.</summary>
    /// <exception cref="FormatException">A DISPATCH PRICE row cannot be read; the message gives the line number.</exception>
    public static IReadOnlyList<RegionalPrice> Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var prices = new List<RegionalPrice>();
        PriceColumns? columns = null;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length < 2 || (line[0] != 'I' && line[0] != 'D') || line[1] != ',')
            {
                continue; // C rows (file header/footer) and blank lines.
            }

            var fields = SplitCsvLine(line);
            if (fields.Count < 4 || fields[1] != Report || fields[2] != Table)
            {
                continue; // Another table of a multi-table file (REGIONSUM, INTERCONNECTORRES, …).
            }

            if (fields[0] == "I")
            {
                columns = PriceColumns.FromHeader(fields, lineNumber);
                continue;
            }

            if (columns is null)
            {
                throw new FormatException($"Line {lineNumber}: DISPATCH PRICE data before its I header row.");
            }

            if (columns.TryRead(fields, lineNumber) is { } price)
            {
                prices.Add(price);
            }
        }

        return prices;
    }

    /// <summary>Splits one CSV line; quoted fields may hold commas and doubled quotes.</summary>
    internal static List<string> SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    /// <summary>Positions of the needed columns, as declared by an I row.</summary>
    private sealed class PriceColumns
    {
        private int _settlementDate;
        private int _regionId;
        private int _intervention;
        private int _rrp;
        private int? _priceStatus;

        public static PriceColumns FromHeader(List<string> header, int lineNumber)
        {
            int Required(string name)
            {
                var index = header.IndexOf(name);
                return index >= 0 ? index : throw new FormatException($"Line {lineNumber}: DISPATCH PRICE header has no {name} column.");
            }

            var status = header.IndexOf("PRICE_STATUS");
            return new PriceColumns
            {
                _settlementDate = Required("SETTLEMENTDATE"),
                _regionId = Required("REGIONID"),
                _intervention = Required("INTERVENTION"),
                _rrp = Required("RRP"),
                _priceStatus = status >= 0 ? status : null,
            };
        }

        public RegionalPrice? TryRead(List<string> fields, int lineNumber)
        {
            string Field(int index) => index < fields.Count
                ? fields[index].Trim()
                : throw new FormatException($"Line {lineNumber}: DISPATCH PRICE row has {fields.Count} columns, fewer than its header.");

            if (Field(_intervention) != "0" || !NemFormats.TryParseRegion(Field(_regionId), out var region))
            {
                return null;
            }

            if (!NemFormats.TryParseNemTime(Field(_settlementDate), out var intervalEnd))
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                    $"Line {lineNumber}: SETTLEMENTDATE '{Field(_settlementDate)}' is not a NEM timestamp."));
            }

            if (!NemFormats.TryParseDecimal(Field(_rrp), out var rrp))
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                    $"Line {lineNumber}: RRP '{Field(_rrp)}' is not a number."));
            }

            var firm = _priceStatus is not { } statusColumn || Field(statusColumn) == "FIRM";
            return new RegionalPrice(region, intervalEnd, rrp, firm);
        }
    }
}
