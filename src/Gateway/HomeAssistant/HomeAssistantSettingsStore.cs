using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using TeslaSync.Gateway.Security;
using TeslaSync.ServiceDefaults.Secrets;

namespace TeslaSync.Gateway.HomeAssistant;

/// <summary>
/// The <see cref="HomeAssistantSettings"/> saved on the settings page: one JSON value, password included,
/// encrypted with Data Protection in the Gateway's own database (<see cref="UserDbContext.HomeAssistantSettings"/>).
/// Laid over <see cref="HomeAssistantOptions"/> by <see cref="StoredSecretOptions{TOptions}"/>, so the bridge's
/// options monitor sees a save at once.
/// </summary>
internal sealed class HomeAssistantSettingsStore(IServiceScopeFactory scopes, IDataProtectionProvider protection, ILogger<HomeAssistantSettingsStore> logger)
    : StoredSecret(scopes, protection, "TeslaSync.Gateway.HomeAssistantSettings.v1", "The Home Assistant bridge settings", logger)
{
    /// <summary>What the user saved, or null when nothing is saved (the configured options apply).</summary>
    public HomeAssistantSettings? Saved => Current is { } json ? HomeAssistantSettings.FromJson(json) : null;

    public Task SaveAsync(HomeAssistantSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return SaveAsync(settings.ToJson(), cancellationToken);
    }

    protected override string? ReadProtected(IServiceProvider services) =>
        services.GetRequiredService<UserDbContext>().HomeAssistantSettings.AsNoTracking()
            .FirstOrDefault(s => s.Id == HomeAssistantSettingsRow.SingleRowId)?.Protected;

    protected override async Task WriteProtectedAsync(IServiceProvider services, string protectedValue, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<UserDbContext>();
        var now = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        var row = await db.HomeAssistantSettings.FindAsync([HomeAssistantSettingsRow.SingleRowId], cancellationToken);
        if (row is null)
        {
            db.HomeAssistantSettings.Add(new HomeAssistantSettingsRow { Protected = protectedValue, SavedAt = now });
        }
        else
        {
            row.Protected = protectedValue;
            row.SavedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
