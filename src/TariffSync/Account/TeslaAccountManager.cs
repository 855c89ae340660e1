using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Tesla;
using TeslaSync.Integrations.Tesla.Auth;
using TeslaSync.Integrations.Tesla.Http;

namespace TeslaSync.TariffSync.Account;

/// <summary>How the Tesla account is connected, as the dashboard shows it.</summary>
public sealed record TeslaAccountStatus(TeslaProvider Provider, bool UsesOAuth, TeslaSignInState State, Uri BaseUrl);

/// <summary>
/// The Tesla account TariffSync owns: Fleet API sign-in and sign-out, and handing a current
/// access token to services that only read. TariffSync is the only refresher of tokens: refresh
/// tokens are single-use, so two refreshers would lock each other out.
/// </summary>
internal sealed class TeslaAccountManager(
    IServiceProvider services,
    ITeslaAccessTokenSource tokens,
    TeslaApiHost host,
    PendingSignIns pendingSignIns,
    IOptionsMonitor<TeslaOptions> options)
{
    public async Task<TeslaAccountStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        var state = current.UsesOAuth
            ? await Manager().GetSignInStateAsync(cancellationToken)
            : string.IsNullOrWhiteSpace(current.AccessToken) ? TeslaSignInState.NotSignedIn : TeslaSignInState.SignedIn;
        return new TeslaAccountStatus(current.Provider, current.UsesOAuth, state, host.BaseUri);
    }

    /// <summary>The address to send the user's browser to; its state is remembered for the return.</summary>
    public Uri BeginSignIn()
    {
        RequireOAuth();
        var request = services.GetRequiredService<TeslaOAuthClient>().CreateAuthorizationRequest();
        pendingSignIns.Started(request.State);
        return request.Url;
    }

    public async Task CompleteSignInAsync(string? code, string? state, string? error, CancellationToken cancellationToken)
    {
        RequireOAuth();
        var expected = pendingSignIns.Take(state)
            ?? throw new TeslaAccountException("This sign-in was not started here or has expired; start it again.");
        await Manager().CompleteSignInAsync(expected, state, code, error, cancellationToken);
    }

    public async Task SignOutAsync(CancellationToken cancellationToken)
    {
        RequireOAuth();
        await Manager().SignOutAsync(cancellationToken);
    }

    /// <summary>A current access token; after a 401 the rejected token is refreshed once.</summary>
    public async Task<string> AccessTokenAsync(string? rejectedToken, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(rejectedToken)
            ? await tokens.GetAccessTokenAsync(cancellationToken)
            : await tokens.RefreshAfterUnauthorizedAsync(rejectedToken, cancellationToken)
                ?? throw new TeslaApiException(TeslaErrorKind.SignInRequired, "Tesla refused the access token and it cannot be refreshed; sign in to Tesla again.");

    public Uri BaseUrl => host.BaseUri;

    private TeslaTokenManager Manager() => services.GetRequiredService<TeslaTokenManager>();

    private void RequireOAuth()
    {
        if (!options.CurrentValue.UsesOAuth)
        {
            throw new TeslaAccountException(
                "Tesla sign-in needs a Fleet API application: set Tesla:OAuth:ClientId, ClientSecret and RedirectUri (or use a Teslemetry or static token).");
        }
    }
}

/// <summary>A Tesla account request that cannot be carried out, with a message for the user.</summary>
internal sealed class TeslaAccountException(string message) : Exception(message);
