using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.Gateway.Security;

/// <summary>Single-user sign-in for the dashboard and its API, anti-forgery, login limits and security headers.</summary>
internal static class SecurityServiceExtensions
{
    public const string AuthCookieName = "TeslaSync.Auth";
    public const string AntiforgeryCookieName = "TeslaSync.Antiforgery";

    public static readonly TimeSpan SignInLifetime = TimeSpan.FromDays(7);

    public static void AddSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddSqliteDbContext<UserDbContext>("users");
        services.AddScoped<UserStore>();
        services.AddSingleton<IPasswordHasher<GatewayUser>, PasswordHasher<GatewayUser>>();
        services.AddOptions<LoginLimits>().BindConfiguration(LoginLimits.SectionName)
            .Validate(l => l.AttemptsPerClient > 0 && l.FailuresBeforeLockout > 0, "Security:Login limits must be positive.")
            .ValidateOnStart();
        services.AddSingleton<LoginThrottle>();
        services.AddProblemDetails();

        // Unreadable requests are thrown in every environment (not only in Development), so each becomes the
        // same 400 problem; see UnreadableRequestHandler.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<UnreadableRequestHandler>();

        // Cookies and anti-forgery tokens are encrypted with this key ring; kept on disk so a restart keeps users signed in.
        services.AddDataProtection()
            .SetApplicationName("TeslaSync.Gateway")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(builder.GetDataDirectory(), "keys")));

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.Cookie.Name = AuthCookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = SignInLifetime;
            options.SlidingExpiration = true;
            // An API answers 401/403 problems; the pages decide for themselves where to send the user.
            options.Events.OnRedirectToLogin = context => SecurityProblems.SignInRequired().ExecuteAsync(context.HttpContext);
            options.Events.OnRedirectToAccessDenied = context => TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.").ExecuteAsync(context.HttpContext);
        });
        services.AddAuthorization();

        services.AddAntiforgery(options =>
        {
            options.HeaderName = AntiforgeryCheck.HeaderName;
            options.Cookie.Name = AntiforgeryCookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // SecurityHeaders sends X-Frame-Options: DENY; the default SAMEORIGIN would contradict it.
            options.SuppressXFrameOptionsHeader = true;
        });

        services.AddRateLimiter(options => options.AddPolicy<string, LoginRateLimitPolicy>(LoginRateLimitPolicy.Name));
    }

    /// <summary>
    /// Security headers on everything, then who the user is, the API's sign-in requirement, the
    /// login limit and the anti-forgery check, in that order: an anonymous API call is told to sign in
    /// (401) before its token is judged (400), and every login attempt counts against the limit.
    /// </summary>
    public static WebApplication UseSecurity(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();

        // An unhandled error is a problem+json without details in every environment: the developer error page
        // (which the framework adds in Development, as the launcher runs us) echoes the request's cookies.
        app.UseExceptionHandler();
        app.UseAuthentication();
        app.UseMiddleware<ApiSignInRequirement>();
        app.UseRateLimiter();
        app.UseMiddleware<AntiforgeryCheck>();
        app.UseAuthorization();
        return app;
    }
}
