using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace TeslaSync.Gateway.Security;

/// <summary>Body of <c>POST /api/auth/setup</c> and <c>POST /api/auth/login</c>.</summary>
public sealed record Credentials(string? UserName, string? Password);

/// <summary>Whether the one user exists and whether this browser is signed in as it.</summary>
public sealed record AuthStateDto(bool UserExists, bool SignedIn, string? UserName, bool DemoMode);

/// <summary>The token to send back in <see cref="HeaderName"/> on every POST, PUT, PATCH and DELETE.</summary>
public sealed record AntiforgeryTokenDto(string Token, string HeaderName);

/// <summary>
/// <c>/api/auth</c>: first-run setup of the single user, sign-in and sign-out, and the anti-forgery
/// token. Anonymous by design (see <see cref="ApiSignInRequirement"/>); the POSTs still need the token.
/// </summary>
internal static partial class AuthApi
{
    public const string Prefix = "/api/auth";

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup(Prefix).WithTags("Auth");
        auth.MapGet("/state", GetStateAsync)
            .WithName("GetAuthState")
            .WithSummary("Whether the user has been created and whether this browser is signed in.");
        auth.MapGet("/antiforgery", GetAntiforgeryToken)
            .WithName("GetAntiforgeryToken")
            .WithSummary("An anti-forgery token for the X-XSRF-TOKEN header (and its cookie); fetch a new one after signing in or out.");
        auth.MapPost("/setup", SetupAsync)
            .RequireRateLimiting(LoginRateLimitPolicy.Name)
            .WithName("SetUpUser")
            .WithSummary("First run only: creates the single user and signs in; 409 once a user exists.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/login", LoginAsync)
            .RequireRateLimiting(LoginRateLimitPolicy.Name)
            .WithName("SignIn")
            .WithSummary("Signs in with the user name and password; 429 with Retry-After after too many attempts.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/logout", (Delegate)LogoutAsync)
            .WithName("SignOut")
            .WithSummary("Signs out this browser.");
        return endpoints;
    }

    private static async Task<AuthStateDto> GetStateAsync(HttpContext context, UserStore users, IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        var signedIn = context.User.Identity?.IsAuthenticated == true;
        return new AuthStateDto(
            await users.ExistsAsync(cancellationToken),
            signedIn,
            signedIn ? context.User.Identity!.Name : null,
            options.Value.DemoMode);
    }

    private static AntiforgeryTokenDto GetAntiforgeryToken(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new AntiforgeryTokenDto(tokens.RequestToken!, AntiforgeryCheck.HeaderName);
    }

    private static async Task<IResult> SetupAsync(HttpContext context, UserStore users, ILogger<UserStore> logger, CancellationToken cancellationToken)
    {
        if (await ReadCredentialsAsync(context.Request, cancellationToken) is not { } body)
        {
            return NotJson();
        }

        // Checked before the policy, so once set up the answer says nothing about passwords.
        if (await users.ExistsAsync(cancellationToken))
        {
            return UserExists();
        }

        var errors = PasswordPolicy.Validate(body.UserName, body.Password);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The user name or password is not acceptable.");
        }

        var user = await users.TryCreateAsync(body.UserName!, body.Password!, cancellationToken);
        if (user is null)
        {
            return UserExists();
        }

        LogUserCreated(logger);
        await SignInAsync(context, user);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> LoginAsync(
        HttpContext context, UserStore users, LoginThrottle throttle, ILogger<UserStore> logger, CancellationToken cancellationToken)
    {
        if (await ReadCredentialsAsync(context.Request, cancellationToken) is not { } body)
        {
            return NotJson();
        }

        var userName = body.UserName;
        if (throttle.LockedFor(userName) is { } locked)
        {
            return SecurityProblems.TooManyAttempts(context, locked);
        }

        var user = await users.VerifyAsync(userName, body.Password, cancellationToken);
        if (user is null)
        {
            // The same answer for an unknown name and a wrong password: no hint which names exist.
            if (throttle.RecordFailure(userName) is { } lockout)
            {
                LogLockedOut(logger, lockout);
            }
            else
            {
                LogSignInFailed(logger);
            }

            return SecurityProblems.WrongCredentials();
        }

        throttle.RecordSuccess(userName);
        await SignInAsync(context, user);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> LogoutAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static Task SignInAsync(HttpContext context, GatewayUser user)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, user.UserName),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        // Persistent, so closing the browser does not sign the user out; the expiry still slides.
        return context.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = true });
    }

    /// <summary>
    /// The body read by hand: the framework answers a body it cannot bind with a bare 400, and
    /// a person typing a password deserves to be told what was wrong. Null when it is not JSON credentials.
    /// </summary>
    private static async Task<Credentials?> ReadCredentialsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return null;
        }

        try
        {
            return await request.ReadFromJsonAsync<Credentials>(cancellationToken) ?? new Credentials(null, null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult NotJson() => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "The request is not valid.",
        detail: "Send a JSON object: { \"userName\": \"...\", \"password\": \"...\" }.");

    private static IResult UserExists() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "The user already exists.",
        detail: "TeslaSync has a single user and it has been created; sign in instead.");

    [LoggerMessage(Level = LogLevel.Information, Message = "The dashboard user was created")]
    private static partial void LogUserCreated(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A sign-in failed: wrong user name or password")]
    private static partial void LogSignInFailed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Too many wrong passwords for one user name: it is locked for {Lockout}")]
    private static partial void LogLockedOut(ILogger logger, TimeSpan lockout);
}
