using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Tesla.Wire;

namespace TeslaSync.Integrations.Tesla.Auth;

/// <summary>Where to send the user to sign in, and the <paramref name="State"/> to check when Tesla sends them back.</summary>
/// <param name="State">Random; keep it server-side or in a protected cookie, never trust the one on the callback alone.</param>
public sealed record TeslaAuthorizationRequest(Uri Url, string State);

/// <summary>
/// Tesla's OAuth endpoints: the authorization URL, the code exchange and the refresh (form-urlencoded).
/// No retries at all: authorization codes and refresh tokens are single-use, so a retried request whose
/// first answer was lost would be refused and lock the account out.
/// </summary>
/// <remarks>Use <see cref="TeslaTokenManager"/> rather than calling <see cref="RefreshAsync"/> directly: it serialises refreshes.</remarks>
public sealed class TeslaOAuthClient
{
    /// <summary>Name of the HttpClient this client uses (configure its primary handler in tests).</summary>
    public const string HttpClientName = "TeslaSync.Tesla.OAuth";

    private const int StateBytes = 32;

    private readonly IHttpClientFactory _httpClients;
    private readonly IOptionsMonitor<TeslaOptions> _options;
    private readonly TimeProvider _time;

    /// <param name="httpClients">Asked for <see cref="HttpClientName"/> per request, so this class can be a singleton without pinning a handler.</param>
    public TeslaOAuthClient(IHttpClientFactory httpClients, IOptionsMonitor<TeslaOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _httpClients = httpClients;
        _options = options;
        _time = timeProvider;
    }

    /// <summary>Builds the <c>/oauth2/v3/authorize</c> URL with a fresh random state.</summary>
    /// <exception cref="TeslaApiException"><see cref="TeslaErrorKind.NotConfigured"/> without a client id or redirect URI.</exception>
    public TeslaAuthorizationRequest CreateAuthorizationRequest()
    {
        var oauth = _options.CurrentValue.OAuth;
        var clientId = Required(oauth.ClientId, "ClientId");
        var redirectUri = Required(oauth.RedirectUri, "RedirectUri");
        var state = Base64Url(RandomNumberGenerator.GetBytes(StateBytes));
        var query = string.Join('&',
            Pair("response_type", "code"),
            Pair("client_id", clientId),
            Pair("redirect_uri", redirectUri),
            Pair("scope", oauth.Scopes),
            Pair("state", state));
        var separator = oauth.AuthorizeUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return new TeslaAuthorizationRequest(new Uri(oauth.AuthorizeUrl + separator + query, UriKind.Absolute), state);
    }

    /// <summary>True when the callback's state is the one issued (constant-time: the comparison leaks nothing).</summary>
    public static bool StateMatches(string expectedState, string? returnedState)
    {
        ArgumentException.ThrowIfNullOrEmpty(expectedState);
        return returnedState is not null &&
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expectedState), Encoding.UTF8.GetBytes(returnedState));
    }

    /// <summary><c>grant_type=authorization_code</c>: trades the code from the callback for tokens.</summary>
    public Task<TeslaTokenSet> ExchangeCodeAsync(string code, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        var options = _options.CurrentValue;
        var oauth = options.OAuth;
        return RequestTokensAsync(
            [
                new("grant_type", "authorization_code"),
                new("client_id", Required(oauth.ClientId, "ClientId")),
                new("client_secret", Required(oauth.ClientSecret, "ClientSecret")),
                new("code", code),
                new("audience", string.IsNullOrWhiteSpace(oauth.Audience) ? options.EffectiveBaseUrl : oauth.Audience),
                new("redirect_uri", Required(oauth.RedirectUri, "RedirectUri")),
            ],
            previousRefreshToken: null,
            cancellationToken);
    }

    /// <summary><c>grant_type=refresh_token</c>: the answer carries a new refresh token; the one sent is dead from then on.</summary>
    /// <exception cref="TeslaApiException"><see cref="TeslaErrorKind.SignInRequired"/> when Tesla refuses the refresh token.</exception>
    public Task<TeslaTokenSet> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        return RequestTokensAsync(
            [
                new("grant_type", "refresh_token"),
                new("client_id", Required(_options.CurrentValue.OAuth.ClientId, "ClientId")),
                new("refresh_token", refreshToken),
            ],
            refreshToken,
            cancellationToken);
    }

    private async Task<TeslaTokenSet> RequestTokensAsync(KeyValuePair<string, string>[] form, string? previousRefreshToken, CancellationToken cancellationToken)
    {
        var oauth = _options.CurrentValue.OAuth;
        using var timeout = new CancellationTokenSource(oauth.TokenRequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, oauth.TokenUrl) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.ParseAdd("application/json");

        var sentAt = _time.GetUtcNow();
        HttpResponseMessage response;
        byte[] body;
        try
        {
            response = await _httpClients.CreateClient(HttpClientName).SendAsync(request, linked.Token);
            body = await response.Content.ReadAsByteArrayAsync(linked.Token);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The Tesla token endpoint did not answer within {oauth.TokenRequestTimeout.TotalSeconds:0} s.", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw TokenError(response, body);
            }

            return ReadTokens(response.StatusCode, body, sentAt, previousRefreshToken);
        }
    }

    private static TeslaTokenSet ReadTokens(HttpStatusCode status, byte[] body, DateTimeOffset sentAt, string? previousRefreshToken)
    {
        TeslaTokenResponseDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(body, TeslaJsonContext.Default.TeslaTokenResponseDto);
        }
        catch (JsonException ex)
        {
            // The message must not quote the body: it would hold the tokens.
            throw TeslaResponseReader.Malformed(status, "the token response is not the documented JSON", ex);
        }

        if (string.IsNullOrEmpty(dto?.AccessToken))
        {
            throw TeslaResponseReader.Malformed(status, "the token response has no access_token");
        }

        // Tesla rotates refresh tokens; should an answer ever lack one, the one sent is still the latest.
        var refreshToken = !string.IsNullOrEmpty(dto.RefreshToken) ? dto.RefreshToken : previousRefreshToken;
        if (string.IsNullOrEmpty(refreshToken))
        {
            throw new TeslaApiException(TeslaErrorKind.SignInRequired,
                "Tesla issued no refresh token; the sign-in must request the offline_access scope. Sign in to Tesla again.", status);
        }

        // Counted from when the request left, so clock time spent in transit shortens rather than lengthens the token's life.
        var lifetime = dto.ExpiresIn is > 0 ? TimeSpan.FromSeconds(dto.ExpiresIn.Value) : TimeSpan.FromHours(1);
        return new TeslaTokenSet(dto.AccessToken, refreshToken, sentAt + lifetime);
    }

    private static TeslaApiException TokenError(HttpResponseMessage response, byte[] body)
    {
        var error = TeslaResponseReader.ToException(response, body);
        var status = (int)response.StatusCode;
        if (error.Error is "invalid_client" or "unauthorized_client")
        {
            return new TeslaApiException(TeslaErrorKind.NotConfigured,
                $"Tesla rejected the OAuth client ({error.Error}); check Tesla:OAuth:ClientId and ClientSecret.", response.StatusCode, error.Error, error.ErrorDescription);
        }

        // login_required: the refresh token was already used or revoked; invalid_grant / invalid_auth_code: a stale code.
        if (status == 401 || error.Error is "login_required" or "invalid_grant" or "invalid_auth_code")
        {
            return new TeslaApiException(TeslaErrorKind.SignInRequired,
                string.Create(CultureInfo.InvariantCulture,
                    $"Tesla no longer accepts the saved sign-in (HTTP {status}{(error.Error is null ? string.Empty : ", " + error.Error)}). Sign in to Tesla again in TeslaSync's settings."),
                response.StatusCode, error.Error, error.ErrorDescription);
        }

        return error;
    }

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new TeslaApiException(TeslaErrorKind.NotConfigured, $"Tesla:OAuth:{name} is not configured; nothing was sent.")
            : value;

    private static string Pair(string name, string value) => $"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
