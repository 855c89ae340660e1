using Grpc.Core;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.TariffSync.V1;
using OverridesClient = TeslaSync.Contracts.TariffSync.V1.TariffOverrides.TariffOverridesClient;

namespace TeslaSync.GridEvents.Overrides;

/// <summary>What TariffSync answered, or why the call failed, in words for the event log.</summary>
internal sealed record OverrideCallResult(bool Succeeded, string Outcome, bool Restoring = false);

/// <summary>
/// GridEvents' only way to act on the Powerwall: TariffSync's override RPCs. A failure is an answer
/// here, not an exception: the state machines stay where they are and retry on the next check.
/// </summary>
internal sealed class OverridesGateway(OverridesClient client, IOptions<GridEventsOptions> options)
{
    public const string SpikeName = "spike";
    public const string CurtailmentName = "curtailment";
    public const string ForceChargeName = "force-charge";
    public const string ForceDischargeName = "force-discharge";
    public const string DemandWindowName = "demand-window";

    /// <summary>A charge- or discharge-inducing tariff (and autonomous mode) to <paramref name="until"/>.</summary>
    public Task<OverrideCallResult> ApplyForceAsync(string siteId, bool charge, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var request = new ApplyOverrideRequest
        {
            SiteId = siteId,
            Name = charge ? ForceChargeName : ForceDischargeName,
            Until = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(until),
        };
        if (charge)
        {
            request.ForceCharge = new ForceChargeOverride();
        }
        else
        {
            request.ForceDischarge = new ForceDischargeOverride();
        }

        return ApplyAsync(request, cancellationToken);
    }

    /// <summary>The spike tariff to <paramref name="until"/>; TariffSync's own sell price (SpikeSellPerKwh).</summary>
    public Task<OverrideCallResult> ApplySpikeAsync(string siteId, DateTimeOffset until, CancellationToken cancellationToken) =>
        ApplyAsync(new ApplyOverrideRequest
        {
            SiteId = siteId,
            Name = SpikeName,
            Until = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(until),
            SpikeTariff = new SpikeTariffOverride(),
        }, cancellationToken);

    /// <summary>Export rule "never", until released.</summary>
    public Task<OverrideCallResult> ApplyCurtailmentAsync(string siteId, CancellationToken cancellationToken) =>
        ApplyAsync(new ApplyOverrideRequest
        {
            SiteId = siteId,
            Name = CurtailmentName,
            ExportRule = new ExportRuleOverride { Rule = OverrideExportRule.Never },
        }, cancellationToken);

    /// <summary>Grid charging blocked (disallow_charge_from_grid_with_solar_installed), until released.</summary>
    public Task<OverrideCallResult> ApplyDemandWindowAsync(string siteId, CancellationToken cancellationToken) =>
        ApplyAsync(new ApplyOverrideRequest
        {
            SiteId = siteId,
            Name = DemandWindowName,
            GridCharging = new GridChargingOverride { Allowed = false },
        }, cancellationToken);

    public async Task<OverrideCallResult> ReleaseAsync(string siteId, string name, CancellationToken cancellationToken)
    {
        try
        {
            var released = await client.ReleaseOverrideAsync(new ReleaseOverrideRequest { SiteId = siteId, Name = name },
                deadline: Deadline(), cancellationToken: cancellationToken);
            var outcome = (released.WasActive ? "released" : "was not held") + (released.Restoring ? $"; TariffSync is restoring: {released.Message}" : "; baseline back");
            return new OverrideCallResult(true, outcome, released.Restoring);
        }
        catch (Exception exception) when (IsCallFailure(exception, cancellationToken))
        {
            return Failed(exception);
        }
    }

    /// <summary>TariffSync's overrides and baselines; null (with the reason) when it cannot be asked.</summary>
    public async Task<(GetOverridesResponse? Overrides, OverrideCallResult Result)> GetAsync(string siteId, CancellationToken cancellationToken)
    {
        try
        {
            var overrides = await client.GetOverridesAsync(new GetOverridesRequest { SiteId = siteId }, deadline: Deadline(), cancellationToken: cancellationToken);
            return (overrides, new OverrideCallResult(true, $"TariffSync holds [{string.Join(", ", overrides.Overrides.Select(o => o.Name))}]"));
        }
        catch (Exception exception) when (IsCallFailure(exception, cancellationToken))
        {
            return (null, Failed(exception));
        }
    }

    private async Task<OverrideCallResult> ApplyAsync(ApplyOverrideRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var applied = await client.ApplyOverrideAsync(request, deadline: Deadline(), cancellationToken: cancellationToken);
            var controls = string.Join(", ", applied.Active.Controls);
            return new OverrideCallResult(true, applied.Changed
                ? $"applied ({applied.Writes} Powerwall writes; controls [{controls}])"
                : $"already in force, nothing sent (controls [{controls}])");
        }
        catch (Exception exception) when (IsCallFailure(exception, cancellationToken))
        {
            return Failed(exception);
        }
    }

    private DateTime Deadline() => DateTime.UtcNow + options.Value.CallTimeout;

    private static OverrideCallResult Failed(Exception exception) => exception is RpcException rpc
        ? new OverrideCallResult(false, $"TariffSync answered {rpc.StatusCode}: {rpc.Status.Detail}")
        : new OverrideCallResult(false, $"TariffSync could not be called: {exception.Message}");

    // Anything but our own shutdown: an unreachable or unresolvable TariffSync is retried later.
    private static bool IsCallFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested;
}
