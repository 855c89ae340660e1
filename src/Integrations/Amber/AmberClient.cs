using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Amber.Wire;

namespace TeslaSync.Integrations.Amber;

/// <summary>Typed HttpClient for the Amber REST API. Register it with <c>AddAmberClient</c>.</summary>
public sealed partial class AmberClient : IAmberClient
{
    private readonly HttpClient _httpClient;
    private readonly IOptionsMonitor<AmberOptions> _options;

    /// <param name="options">Read on every call, so a token or URL changed in settings applies without a restart.</param>
    public AmberClient(HttpClient httpClient, IOptionsMonitor<AmberOptions> options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _httpClient = httpClient;
        _options = options;
    }

    public Task<IReadOnlyList<AmberSite>> GetSitesAsync(CancellationToken cancellationToken = default) =>
        GetSitesCoreAsync(apiToken: null, cancellationToken);

    /// <summary>
    /// <c>GET /sites</c> with <paramref name="apiToken"/> instead of the configured token: checks a token the user
    /// entered before it is stored (Amber answers 401 to a wrong one). The token is sent, never logged.
    /// </summary>
    public Task<IReadOnlyList<AmberSite>> GetSitesWithTokenAsync(string apiToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiToken);
        return GetSitesCoreAsync(apiToken, cancellationToken);
    }

    private async Task<IReadOnlyList<AmberSite>> GetSitesCoreAsync(string? apiToken, CancellationToken cancellationToken)
    {
        var (body, status, _) = await GetAsync("sites", cancellationToken, apiToken);
        List<AmberSiteDto>? sites;
        try
        {
            sites = JsonSerializer.Deserialize(body, AmberJsonContext.Default.ListAmberSiteDto);
        }
        catch (JsonException ex)
        {
            throw AmberResponseReader.Malformed(status, $"expected an array of sites ({ex.Message})", ex);
        }

        if (sites is null)
        {
            throw AmberResponseReader.Malformed(status, "expected an array of sites, found null");
        }

        var result = new List<AmberSite>(sites.Count);
        for (var i = 0; i < sites.Count; i++)
        {
            var site = sites[i];
            if (string.IsNullOrEmpty(site.Id))
            {
                throw AmberResponseReader.Malformed(status, $"site {i} has no id");
            }

            result.Add(new AmberSite(
                site.Id,
                site.Nmi ?? string.Empty,
                (site.Channels ?? []).Select(ToChannel).ToList(),
                site.Network,
                ToStatus(site.Status),
                site.ActiveFrom,
                site.ClosedOn,
                site.IntervalLength));
        }

        return result;
    }

    public Task<AmberPriceResult> GetCurrentPricesAsync(string siteId, int previous = 0, int next = 0,
        AmberResolution? resolution = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(siteId);
        ArgumentOutOfRangeException.ThrowIfNegative(previous);
        ArgumentOutOfRangeException.ThrowIfNegative(next);

        var path = string.Create(CultureInfo.InvariantCulture,
            $"sites/{Uri.EscapeDataString(siteId)}/prices/current?previous={previous}&next={next}{ResolutionQuery(resolution)}");
        return GetPricesCoreAsync(path, cancellationToken);
    }

    public Task<AmberPriceResult> GetPricesAsync(string siteId, DateOnly startDate, DateOnly endDate,
        AmberResolution? resolution = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(siteId);
        if (endDate < startDate)
        {
            throw new ArgumentException("endDate must not be before startDate.", nameof(endDate));
        }

        var path = string.Create(CultureInfo.InvariantCulture,
            $"sites/{Uri.EscapeDataString(siteId)}/prices?startDate={startDate:yyyy-MM-dd}&endDate={endDate:yyyy-MM-dd}{ResolutionQuery(resolution)}");
        return GetPricesCoreAsync(path, cancellationToken);
    }

    private async Task<AmberPriceResult> GetPricesCoreAsync(string path, CancellationToken cancellationToken)
    {
        var (body, status, rateLimit) = await GetAsync(path, cancellationToken);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw AmberResponseReader.Malformed(status, $"not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw AmberResponseReader.Malformed(status, $"expected an array of intervals, found {document.RootElement.ValueKind}");
            }

            return AmberIntervalParser.ParseArray(document.RootElement, rateLimit);
        }
    }

    private async Task<(byte[] Body, HttpStatusCode Status, AmberRateLimit? RateLimit)> GetAsync(
        string relativePath, CancellationToken cancellationToken, string? apiToken = null)
    {
        var options = _options.CurrentValue;
        var token = apiToken ?? options.ApiToken;
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new AmberApiException(AmberErrorKind.NotConfigured, "No Amber API token is configured (Amber:ApiToken); nothing was sent.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri(options.BaseUrl), relativePath));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var rateLimit = AmberResponseReader.ReadRateLimit(response);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw AmberResponseReader.ToException(response, body, rateLimit);
        }

        return (body, response.StatusCode, rateLimit);
    }

    // A trailing slash keeps the "/v1" segment when relative paths are resolved against the base.
    private static Uri BaseUri(string baseUrl) => new(baseUrl.TrimEnd('/') + "/", UriKind.Absolute);

    private static string ResolutionQuery(AmberResolution? resolution) =>
        resolution is { } value ? string.Create(CultureInfo.InvariantCulture, $"&resolution={(int)value}") : string.Empty;

    private static AmberChannel ToChannel(AmberChannelDto channel) =>
        new(channel.Identifier ?? string.Empty,
            channel.Type is { } type && AmberIntervalParser.TryParseChannel(type, out var parsed) ? parsed : null,
            channel.Tariff);

    private static AmberSiteStatus ToStatus(string? status) => status switch
    {
        "pending" => AmberSiteStatus.Pending,
        "active" => AmberSiteStatus.Active,
        "closed" => AmberSiteStatus.Closed,
        _ => AmberSiteStatus.Unknown,
    };
}
