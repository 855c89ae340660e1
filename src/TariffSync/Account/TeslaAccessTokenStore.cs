using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using TeslaSync.ServiceDefaults.Secrets;
using TeslaSync.TariffSync.Storage;

namespace TeslaSync.TariffSync.Account;

/// <summary>
/// The static Tesla access token (Teslemetry, or Fleet without OAuth) entered on the settings page,
/// encrypted in TariffSync's database next to the OAuth tokens.
/// </summary>
internal sealed class TeslaAccessTokenStore(IServiceScopeFactory scopes, IDataProtectionProvider protection, ILogger<TeslaAccessTokenStore> logger)
    : StoredSecret(scopes, protection, "TeslaSync.TariffSync.TeslaAccessToken.v1", "The Tesla access token", logger)
{
    // Not "tesla": that row holds the OAuth token set (EncryptedTeslaTokenStore).
    private const string Key = "tesla-access-token";

    protected override string? ReadProtected(IServiceProvider services) =>
        services.GetRequiredService<TariffDbContext>().Secrets.AsNoTracking().FirstOrDefault(s => s.Key == Key)?.Protected;

    protected override async Task WriteProtectedAsync(IServiceProvider services, string protectedValue, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<TariffDbContext>();
        var row = await db.Secrets.FindAsync([Key], cancellationToken);
        if (row is null)
        {
            db.Secrets.Add(new SecretRow { Key = Key, Protected = protectedValue });
        }
        else
        {
            row.Protected = protectedValue;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
