using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace TeslaSync.Integrations.Aemo;

/// <summary>Typed HttpClient for NEMWeb's live DISPATCHIS reports. Register it with <c>AddNemWebClient</c>.</summary>
public sealed partial class NemWebClient : INemWebClient
{
    // NEMWeb may answer 403 without a User-Agent (CONTRACTS §3.3).
    private const string UserAgent = "Mozilla/5.0 (compatible; TeslaSync)";
    private const string DirectoryPath = "Reports/Current/DispatchIS_Reports/";

    // A live file is about 20 kB zipped; anything far larger is not the report we expect.
    private const long MaxZipBytes = 16 * 1024 * 1024;

    private readonly HttpClient _httpClient;
    private readonly IOptionsMonitor<AemoOptions> _options;

    public NemWebClient(HttpClient httpClient, IOptionsMonitor<AemoOptions> options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _httpClient = httpClient;
        _options = options;
    }

    public async Task<NemWebDispatchFile> GetLatestDispatchPricesAsync(CancellationToken cancellationToken = default)
    {
        var directory = new Uri(new Uri(_options.CurrentValue.NemWebBaseUrl.TrimEnd('/') + "/", UriKind.Absolute), DirectoryPath);
        var listing = await GetAsync(directory, cancellationToken);
        var newest = NewestDispatchFile(System.Text.Encoding.UTF8.GetString(listing), directory)
            ?? throw new AemoApiException($"NEMWeb {DirectoryPath} lists no PUBLIC_DISPATCHIS zip.", HttpStatusCode.OK, isMalformedResponse: true);

        var zip = await GetAsync(newest.Uri, cancellationToken);
        try
        {
            return new NemWebDispatchFile(newest.FileName, ReadPrices(zip));
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            throw new AemoApiException($"NEMWeb {newest.FileName} is not a readable DISPATCHIS report: {ex.Message}", HttpStatusCode.OK,
                isMalformedResponse: true, innerException: ex);
        }
    }

    /// <summary>
    /// The newest <c>PUBLIC_DISPATCHIS_YYYYMMDDHHMM_&lt;seq&gt;.zip</c> linked from a directory page. Ordered by the
    /// interval in the name, then by the sequence number (a re-issued file for the same interval has a higher one).
    /// Links may be absolute paths (NEMWeb's IIS listing) or relative; both resolve against <paramref name="directory"/>.
    /// </summary>
    internal static (string FileName, Uri Uri)? NewestDispatchFile(string html, Uri directory)
    {
        (string FileName, Uri Uri, string Key)? newest = null;
        foreach (Match match in DispatchLink().Matches(html))
        {
            var key = match.Groups["stamp"].Value + match.Groups["seq"].Value;
            if (newest is null || string.CompareOrdinal(key, newest.Value.Key) > 0)
            {
                newest = (match.Groups["name"].Value, new Uri(directory, WebUtility.HtmlDecode(match.Groups["href"].Value)), key);
            }
        }

        return newest is { } found ? (found.FileName, found.Uri) : null;
    }

    private static IReadOnlyList<RegionalPrice> ReadPrices(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entry = archive.Entries.FirstOrDefault(e => e.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            ?? throw new FormatException("the zip holds no CSV file");
        using var reader = new StreamReader(entry.Open());
        var prices = DispatchPriceCsv.Parse(reader);
        return prices.Count > 0 ? prices : throw new FormatException("the CSV holds no DISPATCH PRICE rows with INTERVENTION = 0");
    }

    private async Task<byte[]> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.UserAgent.ParseAdd(UserAgent);
        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new AemoApiException($"NEMWeb {uri.AbsolutePath} returned HTTP {(int)response.StatusCode} {response.StatusCode}.",
                response.StatusCode, retryAfter: response.Headers.RetryAfter?.Delta);
        }

        if (response.Content.Headers.ContentLength > MaxZipBytes)
        {
            throw new AemoApiException($"NEMWeb {uri.AbsolutePath} is {response.Content.Headers.ContentLength} bytes, too large for a live report.",
                response.StatusCode, isMalformedResponse: true);
        }

        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    [GeneratedRegex("""href\s*=\s*"(?<href>[^"]*?(?<name>PUBLIC_DISPATCHIS_(?<stamp>\d{12})_(?<seq>\d{16})\.zip))(?=")""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DispatchLink();
}
