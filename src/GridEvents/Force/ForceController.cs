using Microsoft.Extensions.Options;
using TeslaSync.GridEvents.Overrides;
using TeslaSync.GridEvents.Storage;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.GridEvents.Force;

/// <summary>What a force request left in effect: charging, discharging or neither, and until when.</summary>
internal sealed record ForceOutcome(bool? Charging, DateTimeOffset? Until, string Outcome, bool Succeeded);

/// <summary>
/// A user's "charge (or discharge) now for N minutes". TariffSync holds the override with its end,
/// uploads the charge- or export-inducing tariff, and puts the user's own tariff and mode back by
/// itself when it ends; so asking again with more minutes extends what was uploaded, and nothing
/// here has to remember the force across a restart.
/// </summary>
internal sealed partial class ForceController(
    OverridesGateway overrides,
    GridStateStore store,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<ForceController> logger)
{
    public const int MaxMinutes = 1440;

    private string SiteId => site.Value.Id;

    public async Task<ForceOutcome> StartAsync(bool charge, int minutes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minutes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minutes, MaxMinutes);
        var before = await StatusAsync(cancellationToken);
        var until = time.GetUtcNow().AddMinutes(minutes);

        // The new direction first, then the old one released: TariffSync's precedence keeps exactly
        // one force in charge, so turning round never puts the user's own tariff back in between.
        var result = await overrides.ApplyForceAsync(SiteId, charge, until, cancellationToken);
        if (result.Succeeded)
        {
            var other = charge ? OverridesGateway.ForceDischargeName : OverridesGateway.ForceChargeName;
            var released = await overrides.ReleaseAsync(SiteId, other, cancellationToken);
            result = released.Succeeded ? result : released;
        }

        var outcome = new ForceOutcome(result.Succeeded ? charge : before.Charging, result.Succeeded ? until : before.Until, result.Outcome, result.Succeeded);
        await RecordAsync($"{Describe(charge)} for {minutes} min requested", minutes, before, outcome, "apply", cancellationToken);
        return outcome;
    }

    public async Task<ForceOutcome> CancelAsync(CancellationToken cancellationToken)
    {
        var before = await StatusAsync(cancellationToken);
        var charge = await overrides.ReleaseAsync(SiteId, OverridesGateway.ForceChargeName, cancellationToken);
        var discharge = await overrides.ReleaseAsync(SiteId, OverridesGateway.ForceDischargeName, cancellationToken);
        var failed = charge.Succeeded ? discharge : charge;
        var outcome = failed.Succeeded
            ? new ForceOutcome(null, null, discharge.Outcome, true)
            : new ForceOutcome(before.Charging, before.Until, failed.Outcome, false);
        await RecordAsync("cancel requested", null, before, outcome, "release", cancellationToken);
        return outcome;
    }

    /// <summary>The force TariffSync holds now, if any.</summary>
    public async Task<ForceOutcome> StatusAsync(CancellationToken cancellationToken)
    {
        var (held, result) = await overrides.GetAsync(SiteId, cancellationToken);
        var force = held?.Overrides.FirstOrDefault(o => o.Name is OverridesGateway.ForceChargeName or OverridesGateway.ForceDischargeName);
        return force is null
            ? new ForceOutcome(null, null, result.Outcome, result.Succeeded)
            : new ForceOutcome(force.Name == OverridesGateway.ForceChargeName, force.Until?.ToDateTimeOffset(), result.Outcome, true);
    }

    private async Task RecordAsync(string reason, decimal? minutes, ForceOutcome before, ForceOutcome after, string action, CancellationToken cancellationToken)
    {
        await store.RecordAsync(new DecisionRow
        {
            SiteId = SiteId,
            At = time.GetUtcNow(),
            Machine = "force",
            Trigger = "user",
            Input = minutes,
            StateBefore = Label(before),
            StateAfter = Label(after),
            Reason = reason,
            Action = action,
            Outcome = after.Outcome,
            Succeeded = after.Succeeded,
        }, cancellationToken);
        LogForce(reason, Label(after), after.Outcome);
    }

    private static string Describe(bool charge) => charge ? "charge" : "discharge";

    private static string Label(ForceOutcome state) =>
        state.Charging is { } charging ? $"{(charging ? "charging" : "discharging")} until {state.Until:O}" : "idle";

    [LoggerMessage(Level = LogLevel.Information, Message = "Force: {Reason}; now {State} ({Outcome})")]
    private partial void LogForce(string reason, string state, string outcome);
}
