using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Tesla;
using TeslaSync.Integrations.Tesla.Auth;

namespace TeslaSync.TariffSync.Account;

/// <summary>
/// TariffSync's bearer token source: the usual one (the OAuth token manager, or the static token), except
/// inside <see cref="CheckAsync"/>, where calls carry a token the user entered and that is not stored yet.
/// That way the check goes through the same client, region handling and call counting as every other call.
/// </summary>
internal sealed class CheckingTeslaAccessTokenSource(IServiceProvider services, IOptions<TeslaOptions> options) : ITeslaAccessTokenSource
{
    private static readonly AsyncLocal<string?> Candidate = new();

    /// <summary>Runs <paramref name="call"/> with <paramref name="token"/> as the bearer token of its Tesla calls.</summary>
    public static async Task<T> CheckAsync<T>(string token, Func<Task<T>> call)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        ArgumentNullException.ThrowIfNull(call);
        Candidate.Value = token;
        try
        {
            return await call();
        }
        finally
        {
            Candidate.Value = null;
        }
    }

    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken) =>
        Candidate.Value is { } candidate ? Task.FromResult(candidate) : Usual().GetAccessTokenAsync(cancellationToken);

    // A token being checked is never swapped for another after a 401: the 401 is the answer.
    public Task<string?> RefreshAfterUnauthorizedAsync(string rejectedAccessToken, CancellationToken cancellationToken) =>
        Candidate.Value is not null ? Task.FromResult<string?>(null) : Usual().RefreshAfterUnauthorizedAsync(rejectedAccessToken, cancellationToken);

    private ITeslaAccessTokenSource Usual() => options.Value.UsesOAuth
        ? services.GetRequiredService<TeslaTokenManager>()
        : services.GetRequiredService<StaticTeslaAccessTokenSource>();
}
