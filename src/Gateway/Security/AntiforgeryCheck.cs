using Microsoft.AspNetCore.Antiforgery;

namespace TeslaSync.Gateway.Security;

/// <summary>
/// Every request that is not GET, HEAD, OPTIONS or TRACE must carry a valid anti-forgery token
/// (header X-XSRF-TOKEN, matching the anti-forgery cookie and the signed-in user), JSON included:
/// SameSite cookies alone do not stop a same-site attacker. Middleware rather than a per-endpoint
/// opt-in, so an endpoint added later is covered.
/// </summary>
internal sealed class AntiforgeryCheck(RequestDelegate next, IAntiforgery antiforgery)
{
    public const string HeaderName = "X-XSRF-TOKEN";

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsSafe(context.Request.Method))
        {
            await next(context);
            return;
        }

        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            await SecurityProblems.AntiforgeryFailed().ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
}
