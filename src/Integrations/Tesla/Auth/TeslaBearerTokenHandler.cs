using System.Net;
using System.Net.Http.Headers;

namespace TeslaSync.Integrations.Tesla.Auth;

/// <summary>
/// Puts the bearer token on every Tesla call and, on 401, asks for a fresh token and retries the call once,
/// so <see cref="TeslaFleetClient"/> never handles credentials.
/// </summary>
internal sealed class TeslaBearerTokenHandler(ITeslaAccessTokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAccessTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        string? fresh;
        try
        {
            fresh = await tokens.RefreshAfterUnauthorizedAsync(token, cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        if (fresh is null)
        {
            return response;
        }

        // Once only: a second 401 with a token minted a moment ago is not a stale-token problem.
        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fresh);
        return await base.SendAsync(request, cancellationToken);
    }
}
