using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TeslaSync.Integrations.Tesla.Auth;

/// <summary>
/// Owns the Fleet OAuth tokens of one Tesla account for this process: hands out the access token,
/// refreshes it shortly before expiry or after a 401, and keeps the rotating refresh token safe.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>One refresh at a time: concurrent callers share the refresh in flight (a second refresh would
/// present a refresh token the first one just used up, and Tesla answers that with <c>login_required</c>).</item>
/// <item>The new tokens are saved to <see cref="ITeslaTokenStore"/> before the access token is handed out.
/// If the save fails the call fails, and the next call saves the same tokens again rather than refreshing.</item>
/// <item>The refresh and the save ignore the caller's cancellation: abandoning them half-way could lose the
/// only valid refresh token. A cancelled caller just stops waiting.</item>
/// <item>A refresh that fails for a passing reason (5xx, network) while the current access token is still
/// valid falls back to that token; the next call tries again.</item>
/// </list>
/// Register as a singleton. Tokens and token responses are never logged.
/// </remarks>
public sealed partial class TeslaTokenManager : ITeslaAccessTokenSource
{
    private readonly ITeslaTokenStore _store;
    private readonly TeslaOAuthClient _oauth;
    private readonly IOptionsMonitor<TeslaOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TeslaTokenManager> _logger;
    private readonly Lock _gate = new();

    private TeslaTokenSet? _current;      // as saved in the store (or loaded from it)
    private TeslaTokenSet? _unsaved;      // refreshed, but the save failed: must be saved before use
    private string? _deadRefreshToken;    // the refresh token Tesla answered login_required to
    private Task<TeslaTokenSet>? _refresh; // the one refresh in flight

    public TeslaTokenManager(ITeslaTokenStore store, TeslaOAuthClient oauth, IOptionsMonitor<TeslaOptions> options,
        TimeProvider timeProvider, ILogger<TeslaTokenManager> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(oauth);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _oauth = oauth;
        _options = options;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>A valid access token, refreshed first when it expires within <see cref="TeslaOAuthOptions.RefreshBeforeExpiry"/>.</summary>
    /// <exception cref="TeslaApiException"><see cref="TeslaErrorKind.SignInRequired"/> when not signed in or Tesla refused the refresh token.</exception>
    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        var tokens = await CurrentAsync(cancellationToken);
        if (!NeedsRefresh(tokens) && !HasUnsaved)
        {
            return tokens.AccessToken;
        }

        try
        {
            return (await RefreshAsync(tokens, cancellationToken)).AccessToken;
        }
        catch (Exception ex) when (IsPassing(ex, cancellationToken) && _time.GetUtcNow() < tokens.ExpiresAt && !HasUnsaved)
        {
            LogEarlyRefreshFailed(_logger, ex.GetType().Name, tokens.ExpiresAt);
            return tokens.AccessToken;
        }
    }

    /// <summary>
    /// Tesla answered 401 to <paramref name="rejectedAccessToken"/>. Refreshes once, unless another caller already
    /// replaced that token, in which case the replacement is returned.
    /// </summary>
    public async Task<string?> RefreshAfterUnauthorizedAsync(string rejectedAccessToken, CancellationToken cancellationToken)
    {
        var tokens = await CurrentAsync(cancellationToken);
        if (tokens.AccessToken != rejectedAccessToken)
        {
            return await GetAccessTokenAsync(cancellationToken);
        }

        LogUnauthorized(_logger);
        return (await RefreshAsync(tokens, cancellationToken)).AccessToken;
    }

    /// <summary>
    /// Finishes the browser sign-in: checks <paramref name="returnedState"/> against the state issued with the
    /// authorization URL, exchanges <paramref name="code"/>, saves the tokens and starts using them.
    /// </summary>
    /// <param name="error">The callback's <c>error</c> parameter (e.g. <c>access_denied</c>), when present.</param>
    /// <exception cref="TeslaApiException"><see cref="TeslaErrorKind.SignInRequired"/> on a state mismatch, a refusal or a rejected code.</exception>
    public async Task CompleteSignInAsync(string expectedState, string? returnedState, string? code, string? error, CancellationToken cancellationToken)
    {
        if (!TeslaOAuthClient.StateMatches(expectedState, returnedState))
        {
            // Possibly forged (login CSRF): someone else's code must never become this household's Tesla account.
            throw new TeslaApiException(TeslaErrorKind.SignInRequired,
                "The Tesla sign-in answer does not belong to the sign-in started here (state mismatch). Start the sign-in again.");
        }

        if (!string.IsNullOrEmpty(error) || string.IsNullOrEmpty(code))
        {
            throw new TeslaApiException(TeslaErrorKind.SignInRequired,
                $"Tesla sign-in did not complete ({(string.IsNullOrEmpty(error) ? "no code returned" : Echo(error))}). Start the sign-in again.", error: error);
        }

        // Let a refresh of the previous sign-in finish first, so its save cannot overwrite the new tokens.
        Task? inFlight;
        lock (_gate)
        {
            inFlight = _refresh;
        }

        if (inFlight is not null)
        {
            await inFlight.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        var tokens = await _oauth.ExchangeCodeAsync(code, cancellationToken);
        await _store.SaveAsync(tokens, CancellationToken.None);
        lock (_gate)
        {
            _current = tokens;
            _unsaved = null;
            _deadRefreshToken = null;
        }

        LogSignedIn(_logger, tokens.ExpiresAt);
    }

    /// <summary>Forgets the tokens here and in the store.</summary>
    public async Task SignOutAsync(CancellationToken cancellationToken)
    {
        await _store.ClearAsync(cancellationToken);
        lock (_gate)
        {
            _current = null;
            _unsaved = null;
            _deadRefreshToken = null;
        }
    }

    /// <summary>Where the sign-in stands, for the settings page. Reads the store; never calls Tesla.</summary>
    public async Task<TeslaSignInState> GetSignInStateAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.LoadAsync(cancellationToken);
        lock (_gate)
        {
            var tokens = _unsaved ?? stored;
            return tokens is null ? TeslaSignInState.NotSignedIn
                : tokens.RefreshToken == _deadRefreshToken ? TeslaSignInState.SignInRequired
                : TeslaSignInState.SignedIn;
        }
    }

    private bool HasUnsaved
    {
        get
        {
            lock (_gate)
            {
                return _unsaved is not null;
            }
        }
    }

    private bool NeedsRefresh(TeslaTokenSet tokens) =>
        _time.GetUtcNow() >= tokens.ExpiresAt - _options.CurrentValue.OAuth.RefreshBeforeExpiry;

    /// <summary>The tokens in use: cached, else from the store. Fails fast while Tesla refuses the saved refresh token.</summary>
    private async Task<TeslaTokenSet> CurrentAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_unsaved is not null)
            {
                return _unsaved;
            }

            if (_current is not null && _current.RefreshToken != _deadRefreshToken)
            {
                return _current;
            }
        }

        // Not loaded yet, or dead: (re)read the store, which may hold a newer sign-in saved by the service.
        var stored = await _store.LoadAsync(cancellationToken);
        lock (_gate)
        {
            if (_unsaved is not null)
            {
                return _unsaved;
            }

            if (stored is not null && (_current is null || _current.RefreshToken == _deadRefreshToken))
            {
                _current = stored;
            }

            if (_current is null)
            {
                throw new TeslaApiException(TeslaErrorKind.SignInRequired, "TeslaSync is not signed in to Tesla. Sign in to Tesla in TeslaSync's settings.");
            }

            if (_current.RefreshToken == _deadRefreshToken)
            {
                throw new TeslaApiException(TeslaErrorKind.SignInRequired,
                    "Tesla no longer accepts the saved sign-in (login_required). Sign in to Tesla again in TeslaSync's settings.", error: "login_required");
            }

            return _current;
        }
    }

    /// <summary>Joins the refresh in flight or starts one from <paramref name="basis"/>; returns the new tokens once saved.</summary>
    private async Task<TeslaTokenSet> RefreshAsync(TeslaTokenSet basis, CancellationToken cancellationToken)
    {
        Task<TeslaTokenSet> flight;
        lock (_gate)
        {
            if (_unsaved is null && _current is not null && !ReferenceEquals(_current, basis) && !NeedsRefresh(_current))
            {
                return _current; // refreshed by someone else since the caller looked
            }

            if (_refresh is null || _refresh.IsCompleted)
            {
                _refresh = RefreshCoreAsync(basis);
                // Observe a failure nobody waits for any more (all callers cancelled), so it is not reported as unobserved.
                _refresh.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            flight = _refresh;
        }

        return await flight.WaitAsync(cancellationToken);
    }

    private async Task<TeslaTokenSet> RefreshCoreAsync(TeslaTokenSet basis)
    {
        await Task.Yield(); // run outside the caller's lock and stack

        TeslaTokenSet? fresh;
        lock (_gate)
        {
            fresh = _unsaved;
        }

        if (fresh is null)
        {
            try
            {
                fresh = await _oauth.RefreshAsync(basis.RefreshToken, CancellationToken.None);
            }
            catch (TeslaApiException ex) when (ex.Kind == TeslaErrorKind.SignInRequired)
            {
                lock (_gate)
                {
                    _deadRefreshToken = basis.RefreshToken;
                }

                LogSignInRequired(_logger, ex.Error);
                throw;
            }

            lock (_gate)
            {
                _unsaved = fresh; // from here the old refresh token is dead: these are the only valid tokens
            }
        }

        try
        {
            await _store.SaveAsync(fresh, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSaveFailed(_logger, ex);
            throw new InvalidOperationException(
                "Refreshed Tesla tokens could not be saved, so they were not used; the save is retried on the next call.", ex);
        }

        lock (_gate)
        {
            _current = fresh;
            _unsaved = null;
        }

        LogRefreshed(_logger, fresh.ExpiresAt);
        return fresh;
    }

    private static bool IsPassing(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        TeslaApiException api => api.IsTransient,
        HttpRequestException or TimeoutException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static string Echo(string value) => value.Length <= 64 ? value : value[..64];

    [LoggerMessage(Level = LogLevel.Information, Message = "Tesla access token refreshed; valid until {ExpiresAt:O}")]
    private static partial void LogRefreshed(ILogger logger, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed in to Tesla; access token valid until {ExpiresAt:O}")]
    private static partial void LogSignedIn(ILogger logger, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tesla answered 401; refreshing the access token once")]
    private static partial void LogUnauthorized(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Early Tesla token refresh failed ({Failure}); using the current token, valid until {ExpiresAt:O}")]
    private static partial void LogEarlyRefreshFailed(ILogger logger, string failure, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tesla refused the saved refresh token ({Error}); the user must sign in to Tesla again")]
    private static partial void LogSignInRequired(ILogger logger, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refreshed Tesla tokens could not be saved; they are kept in memory and the save is retried")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception);
}
