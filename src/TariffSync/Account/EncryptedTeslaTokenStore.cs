using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using TeslaSync.Integrations.Tesla.Auth;
using TeslaSync.TariffSync.Storage;

namespace TeslaSync.TariffSync.Account;

/// <summary>
/// Keeps the Tesla OAuth tokens in TariffSync's database, encrypted with ASP.NET Core Data
/// Protection (the key ring lives in the service's data folder). A refresh token is single-use,
/// so <see cref="SaveAsync"/> returns only once the new one is on disk.
/// </summary>
internal sealed class EncryptedTeslaTokenStore(IServiceScopeFactory scopes, IDataProtectionProvider protection) : ITeslaTokenStore
{
    private const string AccountKey = "tesla";
    private readonly IDataProtector _protector = protection.CreateProtector("TeslaSync.TariffSync.TeslaTokens.v1");

    public async Task<TeslaTokenSet?> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TariffDbContext>();
        var row = await db.Secrets.AsNoTracking().FirstOrDefaultAsync(s => s.Key == AccountKey, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<StoredTokens>(_protector.Unprotect(row.Protected))!;
        return new TeslaTokenSet(stored.AccessToken, stored.RefreshToken, stored.ExpiresAt);
    }

    public async Task SaveAsync(TeslaTokenSet tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var protectedValue = _protector.Protect(JsonSerializer.Serialize(new StoredTokens(tokens.AccessToken, tokens.RefreshToken, tokens.ExpiresAt)));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TariffDbContext>();
        var row = await db.Secrets.FindAsync([AccountKey], cancellationToken);
        if (row is null)
        {
            db.Secrets.Add(new SecretRow { Key = AccountKey, Protected = protectedValue });
        }
        else
        {
            row.Protected = protectedValue;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task ClearAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TariffDbContext>().Secrets
            .Where(s => s.Key == AccountKey).ExecuteDeleteAsync(cancellationToken);
    }

    private sealed record StoredTokens(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt);
}
