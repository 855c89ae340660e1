using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace TeslaSync.Gateway.Security;

/// <summary>The single user: created once, then checked at every sign-in.</summary>
internal sealed class UserStore(UserDbContext db, IPasswordHasher<GatewayUser> hasher, TimeProvider clock)
{
    // Checked against when the user name is unknown, so that answer takes as long as a wrong password.
    private static string? s_unknownUserHash;

    public Task<bool> ExistsAsync(CancellationToken cancellationToken) => db.Users.AnyAsync(cancellationToken);

    /// <summary>Creates the user, unless one already exists (then null).</summary>
    public async Task<GatewayUser?> TryCreateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(cancellationToken))
        {
            return null;
        }

        var user = new GatewayUser { UserName = userName.Trim(), PasswordHash = "", CreatedAt = clock.GetUtcNow() };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return user;
        }
        catch (DbUpdateException)
        {
            // Another setup request won the race for the single row.
            db.ChangeTracker.Clear();
            return null;
        }
    }

    /// <summary>The user when the name and password match, else null; the hash is upgraded when Identity asks for it.</summary>
    public async Task<GatewayUser?> VerifyAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(cancellationToken);
        var known = user is not null && PasswordPolicy.Normalize(userName) == PasswordPolicy.Normalize(user.UserName);
        var candidate = known ? user! : new GatewayUser { UserName = "", PasswordHash = UnknownUserHash() };
        var result = hasher.VerifyHashedPassword(candidate, candidate.PasswordHash, password ?? "");
        if (!known || result == PasswordVerificationResult.Failed)
        {
            return null;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user!.PasswordHash = hasher.HashPassword(user, password!);
            user.PasswordChangedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        return user;
    }

    private string UnknownUserHash() =>
        s_unknownUserHash ??= hasher.HashPassword(new GatewayUser { UserName = "", PasswordHash = "" }, Guid.NewGuid().ToString("N"));
}
