using TeslaSync.Domain.Sites;

namespace TeslaSync.PriceIngest.Aemo;

/// <summary>NEM region names, and the region a distribution network's customers are in.</summary>
internal static class AemoRegions
{
    public static readonly IReadOnlyList<NemRegion> All = [NemRegion.NSW1, NemRegion.QLD1, NemRegion.VIC1, NemRegion.SA1, NemRegion.TAS1];

    /// <summary>Exact AEMO ids only: "1" or "nsw1" are configuration mistakes worth reporting, not guessing.</summary>
    public static bool TryParse(string? text, out NemRegion region)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(text?.Trim(), candidate.ToString(), StringComparison.Ordinal))
            {
                region = candidate;
                return true;
            }
        }

        region = default;
        return false;
    }

    // Amber's /sites "network" is free text (CONTRACTS §1.2 shows "Jemena", "Ausgrid"); matched on a
    // letters-only lower-case prefix so "Endeavour Energy" and "Endeavour" both match. Only networks
    // that lie wholly in one NEM region are listed: an unknown name yields no region rather than a guess.
    private static readonly (string Prefix, NemRegion Region)[] Networks =
    [
        ("ausgrid", NemRegion.NSW1),
        ("endeavour", NemRegion.NSW1),
        ("essential", NemRegion.NSW1),
        ("evoenergy", NemRegion.NSW1), // ACT: AEMO's NSW1 region includes the ACT.
        ("energex", NemRegion.QLD1),
        ("ergon", NemRegion.QLD1),
        ("sapowernetworks", NemRegion.SA1),
        ("citipower", NemRegion.VIC1),
        ("powercor", NemRegion.VIC1),
        ("jemena", NemRegion.VIC1),
        ("unitedenergy", NemRegion.VIC1),
        ("ausnet", NemRegion.VIC1),
        ("tasnetworks", NemRegion.TAS1),
    ];

    /// <summary>The region of an Amber site's network, or null when the name is not one we know.</summary>
    public static NemRegion? OfNetwork(string? network)
    {
        var key = new string((network ?? string.Empty).Where(char.IsAsciiLetter).Select(char.ToLowerInvariant).ToArray());
        if (key.Length == 0)
        {
            return null;
        }

        // "United" alone is how the network is often written; "unitedenergy" covers the full name.
        if (key == "united")
        {
            return NemRegion.VIC1;
        }

        foreach (var (prefix, region) in Networks)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return region;
            }
        }

        return null;
    }
}
