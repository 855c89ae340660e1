namespace TeslaSync.Integrations.Aemo;

/// <summary>
/// NEMWeb's live dispatch reports (CONTRACTS §3.3), AEMO's second price source: slower to read than
/// ELEC_NEM_SUMMARY but served by a different system, so it still answers when the JSON API fails.
/// Implemented by <see cref="NemWebClient"/>.
/// </summary>
public interface INemWebClient
{
    /// <summary>
    /// Reads the directory <c>/Reports/Current/DispatchIS_Reports/</c>, downloads the newest
    /// <c>PUBLIC_DISPATCHIS_*.zip</c> and returns its DISPATCH PRICE rows with INTERVENTION = 0.
    /// </summary>
    /// <exception cref="AemoApiException">An HTTP error, an empty listing, or a file that is not the documented report.</exception>
    Task<NemWebDispatchFile> GetLatestDispatchPricesAsync(CancellationToken cancellationToken = default);
}

/// <summary>One DISPATCHIS file as read.</summary>
/// <param name="FileName">The zip's name, e.g. <c>PUBLIC_DISPATCHIS_202605291110_0000000519886550.zip</c>.</param>
/// <param name="Prices">Its regional prices (one per region for a live file).</param>
public sealed record NemWebDispatchFile(string FileName, IReadOnlyList<RegionalPrice> Prices);
