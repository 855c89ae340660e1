using System.Text.Json.Nodes;
using TeslaSync.Integrations.Tesla;
using TeslaSync.TariffSync.Overrides;
using TeslaSync.TariffSync.Storage;
using TeslaSync.TariffSync.Sync;

namespace TeslaSync.TariffSync.Profiles;

/// <summary>A profile request that cannot be carried out, with a message for the user.</summary>
internal sealed class ProfileException(string message, bool notFound = false) : Exception(message)
{
    public bool NotFound { get; } = notFound;
}

/// <summary>
/// Saved tariffs (SPEC §2 rule 11): save what the Powerwall holds now, save a custom schedule,
/// put one back, mark a default. Restoring is a write to the Powerwall, so it goes through the
/// same writer and read-back as every sync, is logged, and turns automatic sync off (otherwise
/// the next Amber price update would replace the restored tariff within five minutes).
/// </summary>
internal sealed class TariffProfiles(
    TariffProfileStore store,
    SiteSettingsStore settings,
    PowerwallTariffWriter powerwall,
    TeslaSiteResolver sites,
    SyncLog log,
    SyncGate gate,
    ITariffOverrideGuard overrides,
    TimeProvider time)
{
    public const int MaxNameLength = 100;

    public async Task<TariffProfile> SaveFromPowerwallAsync(string siteId, string name, CancellationToken cancellationToken)
    {
        var validName = ValidName(name);
        var site = await sites.ResolveAsync(cancellationToken);
        var held = await powerwall.ReadAsync(site.EnergySiteId, cancellationToken)
            ?? throw new ProfileException("The Powerwall reports no tariff to save.");
        return await store.SaveAsync(siteId, validName, ProfileSource.Powerwall, held, time.GetUtcNow(), cancellationToken);
    }

    public async Task<TariffProfile> SaveCustomAsync(string siteId, string name, JsonObject document, CancellationToken cancellationToken) =>
        await store.SaveAsync(siteId, ValidName(name), ProfileSource.Custom, document, time.GetUtcNow(), cancellationToken);

    public Task<IReadOnlyList<TariffProfile>> ListAsync(string siteId, CancellationToken cancellationToken) =>
        store.ListAsync(siteId, cancellationToken);

    public async Task SetDefaultAsync(string siteId, long id, CancellationToken cancellationToken)
    {
        if (!await store.SetDefaultAsync(siteId, id, cancellationToken))
        {
            throw new ProfileException($"There is no profile {id}.", notFound: true);
        }
    }

    public async Task DeleteAsync(string siteId, long id, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(siteId, id, cancellationToken))
        {
            throw new ProfileException($"There is no profile {id}.", notFound: true);
        }
    }

    /// <summary>Puts profile <paramref name="id"/> (or the default one, when null) on the Powerwall.</summary>
    public async Task<SyncOutcome> RestoreAsync(string siteId, long? id, CancellationToken cancellationToken)
    {
        var profile = id is { } wanted
            ? await store.FindAsync(siteId, wanted, cancellationToken) ?? throw new ProfileException($"There is no profile {wanted}.", notFound: true)
            : await store.DefaultAsync(siteId, cancellationToken) ?? throw new ProfileException("No profile is marked as the default.", notFound: true);

        // An override (a spike export, a forced charge) owns the tariff until it is released.
        if (await overrides.TariffOwnerAsync(siteId, cancellationToken) is { } owner)
        {
            throw new ProfileException($"The {owner} override holds the tariff now; restore the profile once it is released.");
        }

        using var _ = await gate.EnterAsync(cancellationToken);
        var now = time.GetUtcNow();
        SyncOutcome outcome;
        try
        {
            var site = await sites.ResolveAsync(cancellationToken);
            await settings.SetAutoSyncAsync(siteId, enabled: false, cancellationToken);
            var held = await powerwall.WriteAndReadBackAsync(site.EnergySiteId, profile.Document, cancellationToken);
            outcome = PowerwallTariffWriter.Holds(profile.Document, held)
                ? new SyncOutcome(siteId, SyncStatus.Succeeded, now, $"Restored '{profile.Name}'; automatic sync is now off.", true, SyncAction.ProfileRestore)
                : new SyncOutcome(siteId, SyncStatus.Failed, now, $"Sent '{profile.Name}', but the Powerwall's tariff did not match it when read back.", false, SyncAction.ProfileRestore);
        }
        catch (TeslaApiException exception)
        {
            outcome = new SyncOutcome(siteId, SyncStatus.Failed, now, $"Restoring '{profile.Name}' failed: Tesla answered {exception.Message}", false, SyncAction.ProfileRestore);
        }

        await log.RecordAsync(outcome, cancellationToken);
        return outcome;
    }

    private static string ValidName(string name)
    {
        var trimmed = name.Trim();
        return trimmed.Length switch
        {
            0 => throw new ProfileException("A profile needs a name."),
            > MaxNameLength => throw new ProfileException($"A profile name can be at most {MaxNameLength} characters."),
            _ => trimmed,
        };
    }
}
