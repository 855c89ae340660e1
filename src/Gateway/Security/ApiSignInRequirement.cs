namespace TeslaSync.Gateway.Security;

/// <summary>
/// Every <c>/api/**</c> request except <c>/api/auth/**</c> needs the signed-in user, else 401
/// problem (never a redirect). Decided by path, not by endpoint metadata, so an endpoint added
/// later cannot be left open by forgetting to ask for it.
/// </summary>
internal sealed class ApiSignInRequirement(RequestDelegate next)
{
    /// <summary>
    /// Where Tesla's sign-in sends the browser back. That is a navigation from tesla.com, so the
    /// SameSite=Strict sign-in cookie is not sent with it; the endpoint is protected instead by the
    /// OAuth state it issued to the signed-in user, and only redirects back into the dashboard.
    /// </summary>
    internal static readonly PathString TeslaCallback = "/api/settings/tesla/callback";

    public Task InvokeAsync(HttpContext context) =>
        RequiresSignIn(context.Request) && context.User.Identity?.IsAuthenticated != true
            ? SecurityProblems.SignInRequired().ExecuteAsync(context)
            : next(context);

    internal static bool RequiresSignIn(HttpRequest request) =>
        request.Path.StartsWithSegments("/api")
        && !request.Path.StartsWithSegments(AuthApi.Prefix)
        && !(HttpMethods.IsGet(request.Method) && request.Path.Equals(TeslaCallback, StringComparison.OrdinalIgnoreCase));
}
