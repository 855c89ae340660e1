using System.Globalization;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.ServiceDefaults;
using PriceIngestClient = TeslaSync.Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient;
using TariffOverridesClient = TeslaSync.Contracts.TariffSync.V1.TariffOverrides.TariffOverridesClient;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.Gateway.HomeAssistant;

/// <summary>
/// Carries out what Home Assistant asks for, through the same gRPC calls as the dashboard (so the services
/// validate it the same way). Every command is logged with its outcome; a refused one changes nothing.
/// </summary>
/// <remarks>
/// Operation mode, export rule and backup reserve are applied as named overrides
/// (<see cref="OverrideNames"/>) with no end: TariffSync then keeps the owner's choice under GridEvents'
/// spike, curtailment and force overrides and puts it back when they end (ADR 0005).
/// </remarks>
internal sealed partial class HaCommandHandler(
    TariffSyncClient tariffSync,
    TariffOverridesClient overrides,
    PriceIngestClient prices,
    IOptions<SiteOptions> site,
    HaCommandMemory memory,
    TimeProvider time,
    ILogger<HaCommandHandler> logger)
{
    /// <summary>How long "sync TOU schedule now" waits for TariffSync's answer (it uploads and reads back).</summary>
    public static readonly TimeSpan SyncTimeout = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs the command sent to <paramref name="objectId"/>; true when it changed something worth re-reading.</summary>
    public async Task<bool> HandleAsync(string objectId, string payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var value = payload.Trim();
        try
        {
            return objectId switch
            {
                HaEntities.AutoSync => await SetAutoSyncAsync(value, cancellationToken),
                HaEntities.SyncTouSchedule => await SyncNowAsync(value, cancellationToken),
                HaEntities.RefreshData => await RefreshAsync(value, cancellationToken),
                HaEntities.OperationMode => await SetOperationModeAsync(value, cancellationToken),
                HaEntities.ExportRule => await SetExportRuleAsync(value, cancellationToken),
                HaEntities.BackupReserve => await SetBackupReserveAsync(value, cancellationToken),
                _ => Refuse(objectId, value, "no such command"),
            };
        }
        catch (RpcException exception) when (exception.StatusCode != StatusCode.Cancelled)
        {
            LogFailed(logger, objectId, value, exception.StatusCode.ToString(), exception.Status.Detail);
            return true;
        }
    }

    private async Task<bool> SetAutoSyncAsync(string value, CancellationToken cancellationToken)
    {
        bool enabled;
        if (string.Equals(value, HaDiscovery.On, StringComparison.OrdinalIgnoreCase))
        {
            enabled = true;
        }
        else if (string.Equals(value, HaDiscovery.Off, StringComparison.OrdinalIgnoreCase))
        {
            enabled = false;
        }
        else
        {
            return Refuse(HaEntities.AutoSync, value, "the switch takes ON or OFF");
        }

        await tariffSync.SetAutoSyncAsync(new SetAutoSyncRequest { SiteId = site.Value.Id, Enabled = enabled }, deadline: Deadline(CallTimeout), cancellationToken: cancellationToken);
        LogDone(logger, HaEntities.AutoSync, value, enabled ? "automatic TOU sync is on" : "automatic TOU sync is off");
        return true;
    }

    private async Task<bool> SyncNowAsync(string value, CancellationToken cancellationToken)
    {
        if (!IsPress(value))
        {
            return Refuse(HaEntities.SyncTouSchedule, value, $"the button takes {HaDiscovery.Press}");
        }

        var now = time.GetUtcNow();
        if (!memory.TryClaimSyncPeriod(now))
        {
            LogDone(logger, HaEntities.SyncTouSchedule, value, "already synced in this 5-minute price period; not synced again");
            return false;
        }

        SyncOutcome outcome;
        try
        {
            outcome = await tariffSync.SyncNowAsync(new SyncNowRequest { SiteId = site.Value.Id }, deadline: Deadline(SyncTimeout), cancellationToken: cancellationToken);
        }
        catch
        {
            memory.ReleaseSyncPeriod(now);
            throw;
        }

        if (outcome.Status == SyncStatus.Failed)
        {
            // Pressing again should try again, not be taken for a duplicate of a sync that did not happen.
            memory.ReleaseSyncPeriod(now);
        }

        LogDone(logger, HaEntities.SyncTouSchedule, value, outcome.Reason.Length > 0 ? $"{outcome.Status}: {outcome.Reason}" : outcome.Status.ToString());
        return true;
    }

    private async Task<bool> RefreshAsync(string value, CancellationToken cancellationToken)
    {
        if (!IsPress(value))
        {
            return Refuse(HaEntities.RefreshData, value, $"the button takes {HaDiscovery.Press}");
        }

        var refreshed = await prices.RefreshPricesAsync(new RefreshPricesRequest { SiteId = site.Value.Id }, deadline: Deadline(CallTimeout), cancellationToken: cancellationToken);
        LogDone(logger, HaEntities.RefreshData, value, refreshed.Detail.Length > 0 ? refreshed.Detail : "prices fetched again");
        return true;
    }

    private Task<bool> SetOperationModeAsync(string value, CancellationToken cancellationToken) =>
        SetChoiceAsync(HaEntities.OperationMode, value, HaEntities.OperationModes, cancellationToken, choice => new ApplyOverrideRequest
        {
            OperationMode = new OperationModeOverride
            {
                Mode = choice switch
                {
                    "self_consumption" => OverrideOperationMode.SelfConsumption,
                    "autonomous" => OverrideOperationMode.Autonomous,
                    _ => OverrideOperationMode.Backup,
                },
            },
        });

    private Task<bool> SetExportRuleAsync(string value, CancellationToken cancellationToken) =>
        SetChoiceAsync(HaEntities.ExportRule, value, HaEntities.ExportRules, cancellationToken, choice => new ApplyOverrideRequest
        {
            ExportRule = new ExportRuleOverride
            {
                Rule = choice switch
                {
                    "never" => OverrideExportRule.Never,
                    "pv_only" => OverrideExportRule.PvOnly,
                    _ => OverrideExportRule.BatteryOk,
                },
            },
        });

    /// <summary>A select: one of its options (Tesla's own words), applied as the override <paramref name="request"/> builds.</summary>
    private Task<bool> SetChoiceAsync(
        string objectId, string value, IReadOnlyList<string> options, CancellationToken cancellationToken, Func<string, ApplyOverrideRequest> request) =>
        options.Contains(value, StringComparer.Ordinal)
            ? ApplyAsync(objectId, value, request(value), cancellationToken)
            : Task.FromResult(Refuse(objectId, value, $"not one of {string.Join(", ", options)}"));

    private Task<bool> SetBackupReserveAsync(string value, CancellationToken cancellationToken)
    {
        // Home Assistant sends a number entity's value as a decimal ("20.0").
        if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent)
            || percent != decimal.Truncate(percent) || percent is < 0 or > 100)
        {
            return Task.FromResult(Refuse(HaEntities.BackupReserve, value, "the backup reserve is a whole percentage from 0 to 100"));
        }

        var whole = (int)percent;
        return ApplyAsync(
            HaEntities.BackupReserve,
            whole.ToString(CultureInfo.InvariantCulture),
            new ApplyOverrideRequest { BackupReserve = new BackupReserveOverride { Percent = whole } },
            cancellationToken);
    }

    private async Task<bool> ApplyAsync(string objectId, string value, ApplyOverrideRequest request, CancellationToken cancellationToken)
    {
        request.SiteId = site.Value.Id;
        request.Name = OverrideNames.For(objectId);
        var applied = await overrides.ApplyOverrideAsync(request, deadline: Deadline(CallTimeout), cancellationToken: cancellationToken);
        memory.RememberSetting(objectId, value, time.GetUtcNow());
        LogDone(logger, objectId, value, applied.Changed ? $"applied ({applied.Writes} Powerwall writes)" : "already in force");
        return true;
    }

    private bool Refuse(string objectId, string value, string reason)
    {
        LogRefused(logger, objectId, value, reason);

        // Re-publishing the state puts Home Assistant's control back to what the Powerwall holds.
        return true;
    }

    private static bool IsPress(string value) => string.Equals(value, HaDiscovery.Press, StringComparison.OrdinalIgnoreCase);

    /// <summary>A transport deadline is wall-clock time, whatever clock the rest of the logic runs on.</summary>
    private static DateTime Deadline(TimeSpan timeout) => DateTime.UtcNow + timeout;

    [LoggerMessage(Level = LogLevel.Information, Message = "Home Assistant: {Entity} ← '{Value}': {Outcome}")]
    private static partial void LogDone(ILogger logger, string entity, string value, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Home Assistant: {Entity} ← '{Value}' refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string entity, string value, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Home Assistant: {Entity} ← '{Value}' failed ({Status}): {Detail}")]
    private static partial void LogFailed(ILogger logger, string entity, string value, string status, string detail);
}

/// <summary>The override names the owner's own settings from Home Assistant are kept under in TariffSync.</summary>
internal static class OverrideNames
{
    public static string For(string objectId) => "home-assistant-" + objectId.Replace('_', '-');
}
