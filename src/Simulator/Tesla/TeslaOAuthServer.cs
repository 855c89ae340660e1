using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace TeslaSync.Simulator.Tesla;

/// <summary>An issued token pair, as the token endpoint returns it.</summary>
public sealed record IssuedTokens(string AccessToken, string RefreshToken, int ExpiresIn);

/// <summary>What the token endpoint answers: tokens, or an OAuth error with its HTTP status.</summary>
public sealed record TokenOutcome(IssuedTokens? Tokens, int Status = 200, string? Error = null, string? Description = null);

/// <summary>Whether a bearer token may call the API.</summary>
public enum AccessTokenCheck
{
    Valid,
    Expired,
    Unknown,
}

/// <summary>
/// Tesla's OAuth server in miniature: single-use authorization codes, access tokens that expire on the simulator's
/// clock, and refresh tokens that rotate: each works once, and presenting a used one is answered with
/// 401 <c>login_required</c>, as Tesla does. Thread-safe.
/// </summary>
public sealed class TeslaOAuthServer(TimeProvider time, IOptions<TeslaOptions> options)
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string RedirectUri, DateTimeOffset Expires)> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _accessTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _liveRefreshTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedRefreshTokens = new(StringComparer.Ordinal);
    private int _refreshes;
    private int _reusedRefreshTokens;

    /// <summary>Successful refresh_token grants so far.</summary>
    public int Refreshes
    {
        get
        {
            lock (_gate)
            {
                return _refreshes;
            }
        }
    }

    /// <summary>Refresh attempts with an already used token (each answered 401 login_required).</summary>
    public int ReusedRefreshTokens
    {
        get
        {
            lock (_gate)
            {
                return _reusedRefreshTokens;
            }
        }
    }

    public string IssueCode(string redirectUri)
    {
        var code = "sim-code-" + Random();
        lock (_gate)
        {
            _codes[code] = (redirectUri, time.GetUtcNow() + CodeLifetime);
        }

        return code;
    }

    public TokenOutcome ExchangeCode(string? code, string? redirectUri)
    {
        lock (_gate)
        {
            if (code is null || !_codes.Remove(code, out var issued) || issued.Expires < time.GetUtcNow())
            {
                return new TokenOutcome(null, 400, "invalid_auth_code", "The authorization code is invalid, expired or was already used");
            }

            if (issued.RedirectUri != redirectUri)
            {
                return new TokenOutcome(null, 400, "invalid_redirect_url", "redirect_uri does not match the authorization request");
            }

            return new TokenOutcome(IssueLocked());
        }
    }

    public TokenOutcome Refresh(string? refreshToken)
    {
        lock (_gate)
        {
            if (refreshToken is null || !_liveRefreshTokens.Remove(refreshToken))
            {
                if (refreshToken is not null && _usedRefreshTokens.Contains(refreshToken))
                {
                    _reusedRefreshTokens++;
                }

                return new TokenOutcome(null, 401, "login_required", "The refresh_token is invalid or was already used");
            }

            _usedRefreshTokens.Add(refreshToken);
            _refreshes++;
            return new TokenOutcome(IssueLocked());
        }
    }

    /// <summary>A token pair without the browser round trip, for tests that seed a service's token store.</summary>
    public IssuedTokens Issue()
    {
        lock (_gate)
        {
            return IssueLocked();
        }
    }

    public AccessTokenCheck Check(string token)
    {
        lock (_gate)
        {
            return !_accessTokens.TryGetValue(token, out var expires) ? AccessTokenCheck.Unknown
                : expires > time.GetUtcNow() ? AccessTokenCheck.Valid
                : AccessTokenCheck.Expired;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _codes.Clear();
            _accessTokens.Clear();
            _liveRefreshTokens.Clear();
            _usedRefreshTokens.Clear();
            _refreshes = 0;
            _reusedRefreshTokens = 0;
        }
    }

    private IssuedTokens IssueLocked()
    {
        var lifetime = options.Value.AccessTokenLifetimeSeconds;
        var tokens = new IssuedTokens("sim-at-" + Random(), "sim-rt-" + Random(), lifetime);
        // Old access tokens stay valid until they expire, like Tesla's JWTs; only refresh tokens are single-use.
        _accessTokens[tokens.AccessToken] = time.GetUtcNow().AddSeconds(lifetime);
        _liveRefreshTokens.Add(tokens.RefreshToken);
        return tokens;
    }

    private static string Random() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
