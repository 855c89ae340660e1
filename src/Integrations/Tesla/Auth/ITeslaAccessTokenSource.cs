namespace TeslaSync.Integrations.Tesla.Auth;

/// <summary>Supplies the bearer token for each Tesla call (<see cref="TeslaBearerTokenHandler"/>).</summary>
/// <remarks>
/// <c>AddTeslaClient</c> registers <see cref="TeslaTokenManager"/> (Fleet OAuth) or <see cref="StaticTeslaAccessTokenSource"/>
/// (Teslemetry, demo). A process that does not own the Tesla account (e.g. Telemetry) can register its own, one that
/// asks the owner for the current access token, instead of refreshing itself.
/// </remarks>
public interface ITeslaAccessTokenSource
{
    /// <exception cref="TeslaApiException"><see cref="TeslaErrorKind.NotConfigured"/> or <see cref="TeslaErrorKind.SignInRequired"/>.</exception>
    Task<string> GetAccessTokenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Tesla answered 401 to <paramref name="rejectedAccessToken"/>: returns a different token to retry with once,
    /// or null when there is nothing better (a static token) and the 401 should stand.
    /// </summary>
    Task<string?> RefreshAfterUnauthorizedAsync(string rejectedAccessToken, CancellationToken cancellationToken);
}

/// <summary>The static token from <see cref="TeslaOptions.AccessToken"/>, read on every call.</summary>
public sealed class StaticTeslaAccessTokenSource(Microsoft.Extensions.Options.IOptionsMonitor<TeslaOptions> options) : ITeslaAccessTokenSource
{
    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        var token = options.CurrentValue.AccessToken;
        return string.IsNullOrWhiteSpace(token)
            ? throw new TeslaApiException(TeslaErrorKind.NotConfigured, "No Tesla access token is configured (Tesla:AccessToken); nothing was sent.")
            : Task.FromResult(token);
    }

    // A static token cannot be refreshed here (Teslemetry refreshes on its side): the 401 stands,
    // unless the configuration was reloaded with another token since the call started.
    public Task<string?> RefreshAfterUnauthorizedAsync(string rejectedAccessToken, CancellationToken cancellationToken)
    {
        var token = options.CurrentValue.AccessToken;
        return Task.FromResult(string.IsNullOrWhiteSpace(token) || token == rejectedAccessToken ? null : token);
    }
}
