using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TeslaSync.Domain.Prices;

namespace TeslaSync.PriceIngest.Prices;

/// <summary>A short fingerprint of a price set: equal prices for equal intervals give an equal hash.</summary>
internal static class PriceContentHash
{
    public static string Of(IEnumerable<PriceInterval> intervals)
    {
        var text = new StringBuilder();
        foreach (var interval in intervals.OrderBy(i => i.Channel).ThenBy(i => i.Start).ThenBy(i => i.End))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{interval.Channel}|{interval.Kind}|{interval.Start.ToUnixTimeSeconds()}|{interval.End.ToUnixTimeSeconds()}|" +
                $"{interval.PerKwh}|{interval.SpotPerKwh}|{interval.SpikeStatus}|{interval.Estimate}|" +
                $"{interval.AdvancedPrice?.Low}|{interval.AdvancedPrice?.Predicted}|{interval.AdvancedPrice?.High}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }
}
