namespace TeslaSync.Integrations.Tesla.Auth;

/// <summary>
/// Durable home of the Tesla account's tokens, implemented by the owning service with encrypted storage
/// (e.g. ASP.NET Core Data Protection over its database). Only one process may own it: refresh tokens
/// rotate and are single-use, so two processes refreshing the same account lock each other out.
/// </summary>
/// <remarks>
/// <see cref="TeslaTokenManager"/> calls <see cref="SaveAsync"/> after every refresh and before it hands out
/// the new access token; a failed save stops the hand-out (and is retried on the next call) rather than risk
/// losing the only valid refresh token on a restart. Implementations must not log the values.
/// </remarks>
public interface ITeslaTokenStore
{
    /// <summary>The saved tokens, or null when the user has not signed in (or signed out).</summary>
    Task<TeslaTokenSet?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the saved tokens. Must be durable when it returns.</summary>
    Task SaveAsync(TeslaTokenSet tokens, CancellationToken cancellationToken);

    /// <summary>Forgets the tokens (sign-out).</summary>
    Task ClearAsync(CancellationToken cancellationToken);
}

/// <summary>A Tesla OAuth token pair. <see cref="ToString"/> never shows the tokens.</summary>
/// <param name="AccessToken">Bearer token for API calls (a JWT, about 8 h).</param>
/// <param name="RefreshToken">Single-use: each refresh returns a new one and invalidates this one.</param>
/// <param name="ExpiresAt">When <paramref name="AccessToken"/> lapses (UTC), from <c>expires_in</c> counted from when the request was sent.</param>
public sealed record TeslaTokenSet(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"TeslaTokenSet {{ ExpiresAt = {ExpiresAt:O} }}";
}

/// <summary>Where the Tesla sign-in stands, for the settings page.</summary>
public enum TeslaSignInState
{
    /// <summary>No tokens saved.</summary>
    NotSignedIn,

    /// <summary>Tokens saved and, as far as we know, valid.</summary>
    SignedIn,

    /// <summary>Tesla rejected the saved refresh token (<c>login_required</c>): the user must sign in again.</summary>
    SignInRequired,
}
