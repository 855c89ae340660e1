using Grpc.Core;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Integrations.Tesla;
using TeslaSync.Integrations.Tesla.Auth;
using TeslaSync.TariffSync.Account;

namespace TeslaSync.TariffSync.Grpc;

/// <summary>The Tesla account: sign-in, state, sign-out, and tokens for readers.</summary>
internal sealed partial class TariffSyncService
{
    public override Task<BeginTeslaSignInResponse> BeginTeslaSignIn(BeginTeslaSignInRequest request, ServerCallContext context) =>
        AccountCall(() => Task.FromResult(new BeginTeslaSignInResponse { AuthorizeUrl = account.BeginSignIn().ToString() }));

    public override Task<TeslaAccount> CompleteTeslaSignIn(CompleteTeslaSignInRequest request, ServerCallContext context) =>
        AccountCall(async () =>
        {
            await account.CompleteSignInAsync(Blank(request.Code), Blank(request.State), Blank(request.Error), context.CancellationToken);
            return ToMessage(await account.StatusAsync(context.CancellationToken), siteSettings.TokenSet);
        });

    public override Task<TeslaAccount> GetTeslaAccount(GetTeslaAccountRequest request, ServerCallContext context) =>
        AccountCall(async () => ToMessage(await account.StatusAsync(context.CancellationToken), siteSettings.TokenSet));

    public override Task<TeslaAccount> SignOutTesla(SignOutTeslaRequest request, ServerCallContext context) =>
        AccountCall(async () =>
        {
            await account.SignOutAsync(context.CancellationToken);
            return ToMessage(await account.StatusAsync(context.CancellationToken), siteSettings.TokenSet);
        });

    public override Task<TeslaAccess> GetTeslaAccess(GetTeslaAccessRequest request, ServerCallContext context) =>
        AccountCall(async () => new TeslaAccess
        {
            AccessToken = await account.AccessTokenAsync(Blank(request.RejectedAccessToken), context.CancellationToken),
            BaseUrl = account.BaseUrl.ToString(),
        });

    private static string? Blank(string value) => value.Length == 0 ? null : value;

    private static TeslaAccount ToMessage(TeslaAccountStatus status, bool tokenSet) => new()
    {
        TokenSet = tokenSet,
        Provider = status.Provider.ToString().ToLowerInvariant(),
        Credential = status.UsesOAuth ? "oauth" : "token",
        State = status.State switch
        {
            TeslaSignInState.SignedIn => "signed-in",
            TeslaSignInState.SignInRequired => "sign-in-required",
            _ => "not-signed-in",
        },
        BaseUrl = status.BaseUrl.ToString(),
    };

    /// <summary>Turns account failures into statuses: the user must act (precondition) or Tesla is away (unavailable).</summary>
    private static async Task<T> AccountCall<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (TeslaAccountException exception)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, exception.Message));
        }
        catch (TeslaApiException exception) when (exception.Kind is TeslaErrorKind.SignInRequired or TeslaErrorKind.NotConfigured or TeslaErrorKind.Unauthorized)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, exception.Message));
        }
        catch (TeslaApiException exception)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"Tesla answered {exception.Message}"));
        }
    }
}
