using Grpc.Core;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.ServiceDefaults;
using PriceIngestClient = TeslaSync.Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.Gateway.Api;

public sealed record AmberSiteDto(string Id, string Nmi, string? Network, string Status);

/// <summary>
/// The Amber account: whether a token is set (never the token), the sites, the chosen one and the NEM region.
/// <c>regionSource</c> is setting, configuration, amber-site or unknown; the problems say why something is missing.
/// </summary>
public sealed record AmberAccountDto(
    bool TokenSet,
    string? SiteId,
    IReadOnlyList<AmberSiteDto> Sites,
    string? SitesProblem,
    string? Region,
    string RegionSource,
    string? RegionProblem);

/// <summary>The Tesla account: provider (fleet, teslemetry), credential (oauth, token), state, and whether a token is set.</summary>
public sealed record TeslaAccountDto(string Provider, string Credential, string State, bool TokenSet);

/// <summary>The site's time zone; <c>source</c> is setting, configuration, tesla-site or unknown.</summary>
public sealed record TimeZoneDto(string? Value, string Source, string? Problem);

public sealed record AccountsDto(bool DemoMode, AmberAccountDto Amber, TeslaAccountDto Tesla, TimeZoneDto TimeZone);

public sealed record TeslaSettingsDto(TeslaAccountDto Tesla, TimeZoneDto TimeZone);

public sealed record SignInDto(string AuthorizeUrl);

/// <summary>Body of <c>PUT /api/settings/amber</c>: an omitted field stays as it is; <c>region</c> "" means automatic.</summary>
public sealed record AmberSettingsRequest(string? Token, string? SiteId, string? Region);

/// <summary>Body of <c>PUT /api/settings/tesla</c>: an omitted field stays as it is; <c>timeZone</c> "" means the Powerwall's.</summary>
public sealed record TeslaSettingsRequest(string? TeslemetryToken, string? TimeZone);

/// <summary>
/// The settings page's accounts: the Amber token, site and region (PriceIngest), the Tesla token or
/// sign-in and the time zone (TariffSync). Tokens go in and are never sent back out.
/// </summary>
internal static class AccountsApi
{
    private const string PriceIngest = "PriceIngest";
    private const string TariffSync = "TariffSync";
    private const int LongestToken = 2048;
    private const string SettingsPage = "/#/settings";

    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/settings").WithTags("Settings");

        settings.MapGet("/accounts", async (PriceIngestClient priceIngest, TariffSyncClient tariffSync, IOptions<SiteOptions> site,
                IOptions<GatewayOptions> gateway, CancellationToken ct) =>
            {
                // Both at once: the page waits for the slower, not for the sum.
                var amber = priceIngest.GetAmberSettingsAsync(new GetAmberSettingsRequest { SiteId = site.Value.Id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync;
                var tesla = tariffSync.GetSiteSettingsAsync(new GetSiteSettingsRequest { SiteId = site.Value.Id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync;
                AmberSettings amberSettings;
                SiteSettings siteSettings;
                try
                {
                    amberSettings = await amber;
                }
                catch (RpcException exception)
                {
                    return BackendCall.Problem(PriceIngest, exception);
                }

                try
                {
                    siteSettings = await tesla;
                }
                catch (RpcException exception)
                {
                    return BackendCall.Problem(TariffSync, exception);
                }

                return TypedResults.Ok(new AccountsDto(gateway.Value.DemoMode, Map(amberSettings), Map(siteSettings.Account), MapZone(siteSettings)));
            })
            .WithName("GetAccounts")
            .WithSummary("The Amber and Tesla accounts, the Amber site, the NEM region and the time zone, with where each came from. Tokens are never returned.")
            .Produces<AccountsDto>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        settings.MapPut("/amber", async (AmberSettingsRequest? body, PriceIngestClient priceIngest, IOptions<SiteOptions> site, CancellationToken ct) =>
            {
                var input = new ApiInput();
                if (body is null || (body.Token is null && body.SiteId is null && body.Region is null))
                {
                    input.Error("body", "Give at least one of token, siteId and region.");
                }
                else
                {
                    Token(input, "token", body.Token);
                    if (body.SiteId is { } siteId && string.IsNullOrWhiteSpace(siteId))
                    {
                        input.Error("siteId", "Choose one of the Amber account's sites.");
                    }
                }

                if (!input.IsValid)
                {
                    return input.Problem();
                }

                var request = new UpdateAmberSettingsRequest { SiteId = site.Value.Id };
                if (body!.Token is { } token)
                {
                    request.ApiToken = token.Trim();
                }

                if (body.SiteId is { } amberSiteId)
                {
                    request.AmberSiteId = amberSiteId.Trim();
                }

                if (body.Region is { } region)
                {
                    request.Region = region.Trim();
                }

                return await UpdateAsync(PriceIngest, () => priceIngest.UpdateAmberSettingsAsync(request, deadline: UpdateDeadline(), cancellationToken: ct).ResponseAsync,
                    response => TypedResults.Ok(Map(response)));
            })
            .WithName("UpdateAmberSettings")
            .WithSummary("Replaces the Amber token (checked with Amber first), chooses the site, or sets the NEM region (\"\" = automatic). Omitted fields stay.")
            .Produces<AmberAccountDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        settings.MapPut("/tesla", async (TeslaSettingsRequest? body, TariffSyncClient tariffSync, IOptions<SiteOptions> site, CancellationToken ct) =>
            {
                var input = new ApiInput();
                if (body is null || (body.TeslemetryToken is null && body.TimeZone is null))
                {
                    input.Error("body", "Give at least one of teslemetryToken and timeZone.");
                }
                else
                {
                    Token(input, "teslemetryToken", body.TeslemetryToken);
                }

                if (!input.IsValid)
                {
                    return input.Problem();
                }

                var request = new UpdateSiteSettingsRequest { SiteId = site.Value.Id };
                if (body!.TeslemetryToken is { } token)
                {
                    request.TeslemetryToken = token.Trim();
                }

                if (body.TimeZone is { } zone)
                {
                    request.TimeZone = zone.Trim();
                }

                return await UpdateAsync(TariffSync, () => tariffSync.UpdateSiteSettingsAsync(request, deadline: UpdateDeadline(), cancellationToken: ct).ResponseAsync,
                    response => TypedResults.Ok(new TeslaSettingsDto(Map(response.Account), MapZone(response))));
            })
            .WithName("UpdateTeslaSettings")
            .WithSummary("Replaces the Teslemetry token (checked with Tesla first) or sets the time zone (IANA, \"\" = the Powerwall's). Omitted fields stay.")
            .Produces<TeslaSettingsDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        settings.MapPost("/tesla/signin", (TariffSyncClient tariffSync, CancellationToken ct) =>
                BackendCall.RunAsync(TariffSync,
                    () => tariffSync.BeginTeslaSignInAsync(new BeginTeslaSignInRequest(), deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    response => new SignInDto(response.AuthorizeUrl)))
            .WithName("BeginTeslaSignIn")
            .WithSummary("Starts the Tesla Fleet sign-in: send the browser to authorizeUrl; Tesla comes back to /api/settings/tesla/callback.")
            .Produces<SignInDto>().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        settings.MapGet("/tesla/callback", async (string? code, string? state, string? error, TariffSyncClient tariffSync, CancellationToken ct) =>
            {
                try
                {
                    await tariffSync.CompleteTeslaSignInAsync(
                        new CompleteTeslaSignInRequest { Code = code ?? string.Empty, State = state ?? string.Empty, Error = error ?? string.Empty },
                        deadline: UpdateDeadline(), cancellationToken: ct);
                    return TypedResults.Redirect(SettingsPage);
                }
                catch (RpcException exception)
                {
                    // The browser arrives here from Tesla, not from the page: the outcome goes back to the page to show.
                    var reason = exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded
                        ? "TariffSync or Tesla did not answer; try signing in again shortly."
                        : exception.Status.Detail;
                    return TypedResults.Redirect($"{SettingsPage}?signin=failed&reason={Uri.EscapeDataString(Shorten(reason))}");
                }
            })
            .WithName("CompleteTeslaSignIn")
            .WithSummary("Where Tesla sends the browser after sign-in: completes it and redirects to the settings page (?signin=failed&reason=… on failure).")
            .Produces(StatusCodes.Status302Found);

        settings.MapPost("/tesla/signout", (TariffSyncClient tariffSync, CancellationToken ct) =>
                BackendCall.RunAsync(TariffSync,
                    () => tariffSync.SignOutTeslaAsync(new SignOutTeslaRequest(), deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    Map))
            .WithName("SignOutTesla")
            .WithSummary("Forgets the Tesla Fleet sign-in.")
            .Produces<TeslaAccountDto>().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return api;
    }

    // A change that checks a token asks Amber or Tesla first, which can take longer than a read.
    private static DateTime UpdateDeadline() => DateTime.UtcNow + TimeSpan.FromSeconds(30);

    private static void Token(ApiInput input, string field, string? token)
    {
        if (token is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            input.Error(field, "Enter the token, or leave the field out to keep the current one.");
        }
        else if (token.Length > LongestToken || token.Any(char.IsControl))
        {
            input.Error(field, $"That is not a token: at most {LongestToken} characters, on one line.");
        }
    }

    /// <summary>
    /// A refusal about one field (the service names it in the <c>field</c> trailer) is a validation problem
    /// keyed by that field, so the page can show it next to the input; anything else is the usual problem.
    /// </summary>
    private static async Task<IResult> UpdateAsync<TResponse>(string service, Func<Task<TResponse>> call, Func<TResponse, IResult> map)
    {
        try
        {
            return map(await call());
        }
        catch (RpcException exception) when (exception.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.FailedPrecondition
            && exception.Trailers.GetValue("field") is { Length: > 0 } field)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [exception.Status.Detail] }, title: "The request is not valid.");
        }
        catch (RpcException exception)
        {
            return BackendCall.Problem(service, exception);
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300];

    private static AmberAccountDto Map(AmberSettings settings) => new(
        settings.TokenSet,
        Wire.Text(settings.AmberSiteId),
        settings.Sites.Select(s => new AmberSiteDto(s.Id, s.Nmi, Wire.Text(s.Network), s.Status)).ToList(),
        Wire.Text(settings.SitesProblem),
        Wire.Text(settings.Region),
        Wire.Text(settings.RegionSource) ?? "unknown",
        Wire.Text(settings.RegionProblem));

    private static TeslaAccountDto Map(TeslaAccount? account) => new(
        account?.Provider ?? string.Empty, account?.Credential ?? string.Empty, account?.State ?? "not-signed-in", account?.TokenSet ?? false);

    private static TimeZoneDto MapZone(SiteSettings settings) =>
        new(Wire.Text(settings.TimeZone), Wire.Text(settings.TimeZoneSource) ?? "unknown", Wire.Text(settings.TimeZoneProblem));
}
