namespace TeslaSync.Gateway.Security;

/// <summary>
/// Every <c>/api/**</c> request except <c>/api/auth/**</c> needs the signed-in user, else 401
/// problem (never a redirect). Decided by path, not by endpoint metadata, so an endpoint added
/// later cannot be left open by forgetting to ask for it.
/// </summary>
internal sealed class ApiSignInRequirement(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context) =>
        RequiresSignIn(context.Request.Path) && context.User.Identity?.IsAuthenticated != true
            ? SecurityProblems.SignInRequired().ExecuteAsync(context)
            : next(context);

    internal static bool RequiresSignIn(PathString path) =>
        path.StartsWithSegments("/api") && !path.StartsWithSegments(AuthApi.Prefix);
}
