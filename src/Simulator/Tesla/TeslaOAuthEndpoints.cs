using Microsoft.Extensions.Options;

namespace TeslaSync.Simulator.Tesla;

/// <summary>
/// Tesla's OAuth under <c>/tesla/oauth2/v3</c>: <c>GET /authorize</c> consents at once and redirects back with a
/// code, <c>POST /token</c> (form-urlencoded) exchanges codes and rotates refresh tokens.
/// </summary>
public static class TeslaOAuthEndpoints
{
    public static IEndpointRouteBuilder MapTeslaOAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var oauth = app.MapGroup("/tesla/oauth2/v3");

        // No login page: the simulated user always says yes, so a sign-in flow can be tested end to end.
        oauth.MapGet("/authorize", (HttpRequest request, IOptions<TeslaOptions> options, TeslaOAuthServer server) =>
        {
            var query = request.Query;
            string? redirect = query["redirect_uri"];
            if (query["response_type"] != "code" || query["client_id"] != options.Value.ClientId ||
                !Uri.TryCreate(redirect, UriKind.Absolute, out var redirectUri))
            {
                return Results.Content(TeslaJson.OAuthError("invalid_request", "response_type=code, a known client_id and an absolute redirect_uri are required"),
                    "application/json", statusCode: 400);
            }

            var code = server.IssueCode(redirect!);
            var separator = string.IsNullOrEmpty(redirectUri.Query) ? "?" : "&";
            var location = $"{redirect}{separator}code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(query["state"].ToString())}&issuer={Uri.EscapeDataString("https://auth.tesla.com/oauth2/v3")}";
            return Results.Redirect(location);
        });

        oauth.MapPost("/token", async (HttpRequest request, IOptions<TeslaOptions> options, TeslaOAuthServer server) =>
        {
            if (!request.HasFormContentType)
            {
                return OAuthError(new TokenOutcome(null, 400, "invalid_request", "the body must be application/x-www-form-urlencoded"));
            }

            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            var site = options.Value;
            if (form["client_id"] != site.ClientId)
            {
                return OAuthError(new TokenOutcome(null, 401, "invalid_client", "unknown client_id"));
            }

            var outcome = form["grant_type"].ToString() switch
            {
                "authorization_code" when form["client_secret"] != site.ClientSecret =>
                    new TokenOutcome(null, 401, "invalid_client", "client_secret does not match"),
                "authorization_code" when string.IsNullOrEmpty(form["audience"]) =>
                    new TokenOutcome(null, 400, "invalid_request", "audience is required"),
                "authorization_code" => server.ExchangeCode(form["code"], form["redirect_uri"]),
                "refresh_token" => server.Refresh(form["refresh_token"]),
                _ => new TokenOutcome(null, 400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token"),
            };
            return outcome.Tokens is { } tokens
                ? Results.Content(TeslaJson.Tokens(tokens), "application/json")
                : OAuthError(outcome);
        });

        return app;
    }

    private static IResult OAuthError(TokenOutcome outcome) =>
        Results.Content(TeslaJson.OAuthError(outcome.Error!, outcome.Description ?? string.Empty), "application/json", statusCode: outcome.Status);
}
