using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace TeslaSync.Integrations.Aemo;

/// <summary>Typed HttpClient for visualisations.aemo.com.au. Register it with <c>AddAemoClient</c>.</summary>
public sealed class AemoClient : IAemoClient
{
    // AEMO's front end rejects requests without a User-Agent; this one says who is asking.
    private const string UserAgent = "Mozilla/5.0 (compatible; TeslaSync)";

    // The 5MIN endpoint answers 500 when the body is missing.
    private const string FiveMinuteRequestBody = """{"timeScale":["5MIN"]}""";

    private readonly HttpClient _httpClient;
    private readonly IOptionsMonitor<AemoOptions> _options;

    public AemoClient(HttpClient httpClient, IOptionsMonitor<AemoOptions> options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _httpClient = httpClient;
        _options = options;
    }

    public async Task<IReadOnlyList<RegionalPrice>> GetNemSummaryAsync(CancellationToken cancellationToken = default)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "aemo/apps/api/report/ELEC_NEM_SUMMARY", null, cancellationToken);
        return ParseOrThrow(status, () => AemoReportJson.ParseNemSummary(body));
    }

    public async Task<IReadOnlyList<PriceAndDemandInterval>> GetFiveMinuteReportAsync(CancellationToken cancellationToken = default)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "aemo/apps/api/report/5MIN", FiveMinuteRequestBody, cancellationToken);
        return ParseOrThrow(status, () => AemoReportJson.ParseFiveMinuteReport(body));
    }

    private async Task<(HttpStatusCode Status, byte[] Body)> SendAsync(HttpMethod method, string relativePath, string? jsonBody,
        CancellationToken cancellationToken)
    {
        var baseUri = new Uri(_options.CurrentValue.BaseUrl.TrimEnd('/') + "/", UriKind.Absolute);
        using var request = new HttpRequestMessage(method, new Uri(baseUri, relativePath));
        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (jsonBody is not null)
        {
            // The report API checks that requests come from its own dashboard page.
            request.Headers.TryAddWithoutValidation("Origin", baseUri.GetLeftPart(UriPartial.Authority));
            request.Headers.Referrer = baseUri;
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var retryAfter = response.Headers.RetryAfter?.Delta;
            throw new AemoApiException($"AEMO {relativePath} returned HTTP {(int)response.StatusCode} {response.StatusCode}.",
                response.StatusCode, retryAfter: retryAfter);
        }

        return (response.StatusCode, body);
    }

    private static T ParseOrThrow<T>(HttpStatusCode status, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException ex)
        {
            throw new AemoApiException($"AEMO returned HTTP {(int)status} with a malformed body: {ex.Message}", status,
                isMalformedResponse: true, innerException: ex);
        }
    }
}
