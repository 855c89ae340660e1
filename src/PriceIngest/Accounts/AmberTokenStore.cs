using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using TeslaSync.PriceIngest.Storage;
using TeslaSync.ServiceDefaults.Secrets;

namespace TeslaSync.PriceIngest.Accounts;

/// <summary>The Amber API token entered on the settings page, encrypted in PriceIngest's database.</summary>
internal sealed class AmberTokenStore(IServiceScopeFactory scopes, IDataProtectionProvider protection, ILogger<AmberTokenStore> logger)
    : StoredSecret(scopes, protection, "TeslaSync.PriceIngest.AmberToken.v1", "The Amber token", logger)
{
    private const string Key = "amber-token";

    protected override string? ReadProtected(IServiceProvider services) =>
        services.GetRequiredService<PriceDbContext>().Secrets.AsNoTracking().FirstOrDefault(s => s.Key == Key)?.Protected;

    protected override async Task WriteProtectedAsync(IServiceProvider services, string protectedValue, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<PriceDbContext>();
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
