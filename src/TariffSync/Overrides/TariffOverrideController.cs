using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using TeslaSync.Domain.Tariffs;
using TeslaSync.Integrations.Tesla;
using TeslaSync.Integrations.Tesla.Http;
using TeslaSync.TariffSync.Profiles;
using TeslaSync.TariffSync.Storage;
using TeslaSync.TariffSync.Sync;

namespace TeslaSync.TariffSync.Overrides;

/// <summary>The result of applying an override.</summary>
/// <param name="Changed">False when it was already in force with the same payload and end.</param>
/// <param name="Writes">Writes sent to the Powerwall by this call.</param>
public sealed record OverrideApplied(ActiveOverride Override, bool Changed, int Writes, IReadOnlyList<ControlledSetting> Controls);

/// <summary>The result of releasing an override.</summary>
/// <param name="Restoring">Some baseline is still to be written back (retried every minute).</param>
public sealed record OverrideReleased(bool WasActive, bool Restoring, string? Problem);

/// <summary>A site's overrides as of <paramref name="At"/>.</summary>
public sealed record OverrideSnapshot(OverrideBook Book, DateTimeOffset At);

/// <summary>
/// Applies, releases and expires overrides, and writes whatever the site's <see cref="OverrideBook"/>
/// says the Powerwall should hold. Every write happens inside <see cref="SyncGate"/>, so an
/// override and a price sync never interleave; every write is logged in the control log; the book
/// is saved after every confirmed write, so a restart neither repeats nor forgets one.
/// </summary>
internal sealed partial class TariffOverrideController(
    OverrideStore store,
    SyncGate gate,
    TeslaSiteResolver sites,
    PowerwallSettingWriter writer,
    ITeslaEnergyClient tesla,
    SyncLog log,
    TariffProfileStore profiles,
    IOptions<TariffOverrideOptions> options,
    TimeProvider time,
    ILogger<TariffOverrideController> logger)
{
    public async Task<OverrideApplied> ApplyAsync(string siteId, string name, OverridePayload payload, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (ActiveOverride.Problem(name, payload, until, now) is { } problem)
        {
            throw new OverrideException(OverrideFailure.Invalid, problem);
        }

        var book = DropExpired(siteId, await store.LoadAsync(siteId, cancellationToken), now);
        var existing = book.Find(name);
        var active = existing?.Reapply(payload, until, now) ?? ActiveOverride.Start(name, payload, until, now);
        book = book.With(active);

        // Baselines first: if one cannot be taken, nothing is recorded and nothing is written.
        var missing = book.BaselinesMissingFor(active);
        if (missing.Count > 0)
        {
            book = await CaptureBaselinesAsync(siteId, book, missing, now, cancellationToken);
        }

        var changed = existing != active;
        if (!changed)
        {
            // Applying the same override again is how GridEvents re-asserts it (SPEC §4: every 15
            // minutes while curtailed): look at the Powerwall, so a drifted setting is written again.
            book = await ForgetDriftedAsync(siteId, book, active, cancellationToken);
        }

        await store.SaveAsync(siteId, book, cancellationToken);
        if (changed)
        {
            LogApplied(siteId, name, payload.Describe(), until);
        }

        var result = await ReconcileAsync(siteId, book, now, cancellationToken);
        // Only this override's own writes decide its answer: an unrelated pending restore that
        // fails again is the background pass's business, not the caller's.
        if (result.FailureOf(name) is { } failure)
        {
            throw new OverrideException(failure.Failure,
                $"The '{name}' override is recorded, but {failure.Message} TariffSync retries every minute until it is on the Powerwall or released.");
        }

        var controls = SettingOrder.Writes.Where(s => result.Book.Winner(s, now)?.Name == name).ToList();
        return new OverrideApplied(active, changed, result.Writes, controls);
    }

    public async Task<OverrideReleased> ReleaseAsync(string siteId, string name, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        var now = time.GetUtcNow();
        var book = await store.LoadAsync(siteId, cancellationToken);
        var wasActive = book.Find(name) is not null;
        book = DropExpired(siteId, book.Without(name), now);
        await store.SaveAsync(siteId, book, cancellationToken);
        if (wasActive)
        {
            LogReleased(siteId, name);
        }

        // A failed restore is not the caller's failure: the baseline stays saved and is retried.
        var result = await ReconcileAsync(siteId, book, now, cancellationToken);
        return new OverrideReleased(wasActive, result.Book.Restoring(now).Count > 0, result.Failure?.Message);
    }

    /// <summary>
    /// The background pass: ends expired overrides and retries whatever is not yet on the Powerwall
    /// (a pending restore, an override Tesla refused earlier). Returns the next end to wake up for.
    /// </summary>
    public async Task<DateTimeOffset?> MaintainAsync(string siteId, CancellationToken cancellationToken)
    {
        // Nothing held (the usual case): do not queue behind a price sync for nothing.
        if ((await store.LoadAsync(siteId, cancellationToken)).IsIdle)
        {
            return null;
        }

        using var _ = await gate.EnterAsync(cancellationToken);
        var now = time.GetUtcNow();
        var stored = await store.LoadAsync(siteId, cancellationToken);

        var book = DropExpired(siteId, stored, now);
        if (book.Overrides.Count != stored.Overrides.Count)
        {
            await store.SaveAsync(siteId, book, cancellationToken);
        }

        var result = await ReconcileAsync(siteId, book, now, cancellationToken);
        if (result.Failure is { } failure)
        {
            LogStillPending(siteId, failure.Message);
        }

        return result.Book.NextExpiry;
    }

    public async Task<OverrideSnapshot> SnapshotAsync(string siteId, CancellationToken cancellationToken) =>
        new(await store.LoadAsync(siteId, cancellationToken), time.GetUtcNow());

    private OverrideBook DropExpired(string siteId, OverrideBook book, DateTimeOffset now)
    {
        foreach (var expired in book.ExpiredAt(now))
        {
            LogExpired(siteId, expired.Name, expired.Until!.Value);
        }

        return book.WithoutExpired(now);
    }

    /// <summary>
    /// Reads the Powerwall's mode, reserve, export rule and grid charging and forgets each value of
    /// <paramref name="active"/>'s that it no longer holds. The tariff is not compared here: the price
    /// sync's read-back already watches it.
    /// </summary>
    private async Task<OverrideBook> ForgetDriftedAsync(string siteId, OverrideBook book, ActiveOverride active, CancellationToken cancellationToken)
    {
        var settings = active.Payload.Settings.Where(s => s != ControlledSetting.Tariff && book.Settings.ContainsKey(s)).ToList();
        if (settings.Count == 0)
        {
            return book;
        }

        var info = await TeslaCallAsync(
            async () => await tesla.GetSiteInfoAsync((await sites.ResolveAsync(cancellationToken)).EnergySiteId, cancellationToken),
            "the Powerwall's settings could not be read to check the override is still in force.");
        foreach (var setting in settings)
        {
            var held = SettingValues.BaselineOf(info, setting);
            if (book.Settings[setting].Applied is { } applied && held != applied)
            {
                LogDrift(siteId, setting, held ?? "nothing", applied);
                book = book.Drifted(setting);
            }
        }

        return book;
    }

    /// <summary>Reads the Powerwall once and keeps the value of each setting in <paramref name="missing"/>.</summary>
    private async Task<OverrideBook> CaptureBaselinesAsync(
        string siteId, OverrideBook book, IReadOnlyList<ControlledSetting> missing, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var info = await TeslaCallAsync(
            async () => await tesla.GetSiteInfoAsync((await sites.ResolveAsync(cancellationToken)).EnergySiteId, cancellationToken),
            "the Powerwall's current settings could not be read to keep them for later, so nothing was changed.");
        foreach (var setting in missing)
        {
            var (value, source) = setting == ControlledSetting.Tariff
                ? await BaselineTariffAsync(siteId, info.TariffContentV2, cancellationToken)
                : (SettingValues.BaselineOf(info, setting) ?? throw new OverrideException(OverrideFailure.Precondition,
                    $"the Powerwall does not report its {SettingNames.Of(setting)}, so it could not be put back afterwards; nothing was changed."),
                    BaselineTariffChoice.FromPowerwall);
            book = book.WithBaseline(setting, value, source, now);
            LogBaselineCaptured(siteId, setting, source);
        }

        return book;
    }

    /// <summary>
    /// The Powerwall's tariff, unless it is one of our own override tariffs (a crash left it there):
    /// then the last tariff the price sync uploaded, else the default profile.
    /// </summary>
    private async Task<(string Value, string Source)> BaselineTariffAsync(string siteId, JsonObject? held, CancellationToken cancellationToken)
    {
        var choice = BaselineTariffChoice.Usable(held)
            ? BaselineTariffChoice.Choose(held, null, null)
            : BaselineTariffChoice.Choose(
                held,
                (await log.LastUploadedAsync(siteId, cancellationToken)) is { } uploaded ? TeslaTariffDocument.Write(uploaded.Tariff) : null,
                (await profiles.DefaultAsync(siteId, cancellationToken))?.Document);
        if (choice is null)
        {
            throw new OverrideException(OverrideFailure.Precondition,
                "the Powerwall holds a TeslaSync override tariff (or none), and there is no earlier tariff to return to afterwards: "
                + "no price sync has uploaded one and no profile is marked as the default. Nothing was changed.");
        }

        if (choice.Source != BaselineTariffChoice.FromPowerwall)
        {
            LogBaselineFallback(siteId, choice.Source);
        }

        return (choice.Document, choice.Source);
    }

    /// <summary>Writes the planned steps in order and saves the book after each.</summary>
    private async Task<ReconcileResult> ReconcileAsync(string siteId, OverrideBook book, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settled = book.WithoutSettled(now);
        if (!ReferenceEquals(settled, book))
        {
            book = settled;
            await store.SaveAsync(siteId, book, cancellationToken);
        }

        if (book.Settings.Count == 0)
        {
            return new ReconcileResult(book, 0, []);
        }

        TeslaSite site;
        try
        {
            site = await TeslaCallAsync(() => sites.ResolveAsync(cancellationToken), "the Tesla energy site could not be found.");
        }
        catch (OverrideException exception)
        {
            // Without the site nothing can be written: every planned step (of any owner) failed.
            return new ReconcileResult(book, 0, [new StepFailure(null, exception)]);
        }

        var steps = book.Plan(now, new OverrideTariffs(options.Value, site.TimeZone).Build);
        var writes = 0;
        var tariffFailed = false;
        var failures = new List<StepFailure>();
        foreach (var step in steps)
        {
            // SPEC §3: the mode follows the tariff. Switching mode while the tariff write failed
            // would leave the Powerwall following the wrong tariff (or none of ours).
            if (step.Setting == ControlledSetting.OperationMode && tariffFailed)
            {
                continue;
            }

            writes++;
            var error = await WriteAsync(site, step, cancellationToken);
            book = error is null ? book.Succeeded(step, now) : book.Failed(step, error.Message, now);
            await store.SaveAsync(siteId, book, cancellationToken);
            await log.RecordAsync(Outcome(siteId, step, error, now), cancellationToken);
            if (error is null)
            {
                LogWritten(siteId, step.IsRestore ? "restored baseline" : step.Owner!, step.Setting, Label(step));
            }
            else
            {
                LogWriteFailed(siteId, step.Setting, error.Message);
                failures.Add(new StepFailure(step, error));
                tariffFailed |= step.Setting == ControlledSetting.Tariff;
            }
        }

        return new ReconcileResult(book, writes, failures);
    }

    /// <summary>Null when the Powerwall took the step, else the failure.</summary>
    private async Task<OverrideException?> WriteAsync(TeslaSite site, OverrideStep step, CancellationToken cancellationToken)
    {
        try
        {
            var confirmed = await TeslaCallAsync(
                () => writer.WriteAsync(site.EnergySiteId, step, cancellationToken),
                $"writing the {SettingNames.Of(step.Setting)} failed.");
            return confirmed
                ? null
                : new OverrideException(OverrideFailure.Unavailable, "the Powerwall's tariff did not match what was sent when read back.");
        }
        catch (OverrideException exception)
        {
            return exception;
        }
    }

    /// <summary>Runs a Tesla call, turning its failures into an <see cref="OverrideException"/> that says what could not be done.</summary>
    private static async Task<T> TeslaCallAsync<T>(Func<Task<T>> call, string what)
    {
        try
        {
            return await call();
        }
        catch (TeslaApiException exception)
        {
            throw new OverrideException(exception.IsTransient ? OverrideFailure.Unavailable : OverrideFailure.Precondition,
                $"{what} Tesla answered {exception.Message}.");
        }
        catch (HttpRequestException exception)
        {
            throw new OverrideException(OverrideFailure.Unavailable, $"{what} Tesla could not be reached: {exception.Message}");
        }
        catch (SiteSetupRequiredException exception)
        {
            throw new OverrideException(OverrideFailure.Precondition, exception.Message);
        }
        catch (Exception exception) when (TeslaTimeouts.Is(exception))
        {
            throw new OverrideException(OverrideFailure.Unavailable, $"{what} Tesla did not answer in time.");
        }
    }

    private static SyncOutcome Outcome(string siteId, OverrideStep step, OverrideException? error, DateTimeOffset now)
    {
        var what = step.IsRestore
            ? $"Restore the baseline {SettingNames.Of(step.Setting)} ({Label(step)})"
            : $"Override '{step.Owner}': {SettingNames.Of(step.Setting)} {Label(step)}";
        return new SyncOutcome(
            siteId,
            error is null ? SyncStatus.Succeeded : SyncStatus.Failed,
            now,
            error is null ? what : $"{what} failed: {error.Message}",
            ReadBackMatched: error is null && step.Setting == ControlledSetting.Tariff,
            Action: step.IsRestore ? SyncAction.OverrideRestore : SyncAction.OverrideApply);
    }

    /// <summary>A tariff by its code and name (its JSON is long); any other value as it is.</summary>
    internal static string Label(ControlledSetting setting, string value)
    {
        if (setting != ControlledSetting.Tariff)
        {
            return value;
        }

        var document = JsonNode.Parse(value) as JsonObject;
        return $"{document?["code"]?.ToString() ?? "(no code)"} \"{document?["name"]?.ToString() ?? string.Empty}\"";
    }

    private static string Label(OverrideStep step) => Label(step.Setting, step.Value);

    private sealed record StepFailure(OverrideStep? Step, OverrideException Error);

    private sealed record ReconcileResult(OverrideBook Book, int Writes, IReadOnlyList<StepFailure> Failures)
    {
        public OverrideException? Failure => Failures.FirstOrDefault()?.Error;

        /// <summary>The first failure of a write owned by <paramref name="name"/> (or of every write, when the site itself failed).</summary>
        public OverrideException? FailureOf(string name) =>
            Failures.FirstOrDefault(f => f.Step is null || f.Step.Owner == name)?.Error;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Site {SiteId}: override {Name} applied ({Description}, until {Until})")]
    private partial void LogApplied(string siteId, string name, string description, DateTimeOffset? until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Site {SiteId}: override {Name} released")]
    private partial void LogReleased(string siteId, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Site {SiteId}: override {Name} expired at {Until}")]
    private partial void LogExpired(string siteId, string name, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Site {SiteId}: baseline {Setting} captured from {Source}")]
    private partial void LogBaselineCaptured(string siteId, ControlledSetting setting, string source);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Site {SiteId}: the Powerwall holds one of our own override tariffs (or none), so the baseline tariff is taken from {Source}")]
    private partial void LogBaselineFallback(string siteId, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Site {SiteId}: {Owner} wrote {Setting} = {Value}")]
    private partial void LogWritten(string siteId, string owner, ControlledSetting setting, string value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Site {SiteId}: writing {Setting} failed: {Reason}")]
    private partial void LogWriteFailed(string siteId, ControlledSetting setting, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Site {SiteId}: the Powerwall's {Setting} is {Held}, not {Applied} as last written; writing it again")]
    private partial void LogDrift(string siteId, ControlledSetting setting, string held, string applied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Site {SiteId}: overrides not fully on the Powerwall yet ({Reason}); retrying")]
    private partial void LogStillPending(string siteId, string reason);
}
