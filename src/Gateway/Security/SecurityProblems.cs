using System.Globalization;

namespace TeslaSync.Gateway.Security;

/// <summary>The problem details the security layer answers with, written the same way from middleware and endpoints.</summary>
internal static class SecurityProblems
{
    public static IResult SignInRequired() => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Sign-in required.",
        detail: "Sign in at /api/auth/login (or create the user at /api/auth/setup) first.");

    public static IResult WrongCredentials() => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Sign-in failed.",
        detail: "The user name or password is wrong.");

    public static IResult AntiforgeryFailed() => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "The request's anti-forgery token is missing or not valid.",
        detail: "Send the token from GET /api/auth/antiforgery in the X-XSRF-TOKEN header; fetch a new one after signing in or out.");

    /// <summary>429 with <c>Retry-After</c> in whole seconds, rounded up so a client that waits that long gets in.</summary>
    public static IResult TooManyAttempts(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many sign-in attempts.",
            detail: $"Try again in {seconds} seconds.");
    }
}
