using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TeslaSync.ServiceDefaults;
using TeslaSync.Integrations.Tesla;
using Wire = TeslaSync.Contracts.TariffSync.V1;

namespace TeslaSync.TariffSync.Overrides;

/// <summary>
/// The <c>TariffOverrides</c> gRPC service: maps messages to overrides, calls the controller,
/// turns failures into statuses with a message the caller can show.
/// </summary>
internal sealed class TariffOverridesService(
    TariffOverrideController controller,
    IOptions<SiteOptions> site,
    IOptions<TariffOverrideOptions> options) : Wire.TariffOverrides.TariffOverridesBase
{
    public override Task<Wire.ApplyOverrideResponse> ApplyOverride(Wire.ApplyOverrideRequest request, ServerCallContext context) =>
        Call(async () =>
        {
            var applied = await controller.ApplyAsync(
                SiteIdOf(request.SiteId), request.Name, PayloadOf(request), request.Until?.ToDateTimeOffset(), context.CancellationToken);
            return new Wire.ApplyOverrideResponse
            {
                Active = ToMessage(applied.Override, applied.Controls),
                Changed = applied.Changed,
                Writes = applied.Writes,
            };
        });

    public override Task<Wire.ReleaseOverrideResponse> ReleaseOverride(Wire.ReleaseOverrideRequest request, ServerCallContext context) =>
        Call(async () =>
        {
            if (string.IsNullOrWhiteSpace(request.Name))
            {
                throw new OverrideException(OverrideFailure.Invalid, "Name the override to release.");
            }

            var released = await controller.ReleaseAsync(SiteIdOf(request.SiteId), request.Name, context.CancellationToken);
            return new Wire.ReleaseOverrideResponse
            {
                WasActive = released.WasActive,
                Restoring = released.Restoring,
                Message = released.Restoring ? Sentence(released.Problem ?? "a restore is pending.") : string.Empty,
            };
        });

    public override Task<Wire.GetOverridesResponse> GetOverrides(Wire.GetOverridesRequest request, ServerCallContext context) =>
        Call(async () =>
        {
            var siteId = SiteIdOf(request.SiteId);
            var (book, now) = await controller.SnapshotAsync(siteId, context.CancellationToken);
            var restoring = book.Restoring(now);
            var response = new Wire.GetOverridesResponse
            {
                SiteId = siteId,
                Restoring = restoring.Count > 0,
                TariffOwner = book.TariffOwner(now) ?? string.Empty,
            };
            response.Overrides.AddRange(book.Overrides.Where(o => !o.IsExpired(now)).Select(o =>
                ToMessage(o, SettingOrder.Writes.Where(s => book.Winner(s, now)?.Name == o.Name).ToList())));
            response.Baselines.AddRange(SettingOrder.Writes.Where(book.Settings.ContainsKey).Select(setting =>
            {
                var state = book.Settings[setting];
                return new Wire.OverrideBaseline
                {
                    Setting = ToMessage(setting),
                    Value = TariffOverrideController.Label(setting, state.Baseline),
                    Source = state.BaselineSource,
                    CapturedAt = Timestamp.FromDateTimeOffset(state.CapturedAt),
                    Restoring = restoring.Contains(setting),
                    LastError = state.LastError ?? string.Empty,
                    AppliedBy = state.AppliedBy ?? string.Empty,
                };
            }));
            return response;
        });

    private OverridePayload PayloadOf(Wire.ApplyOverrideRequest request) => request.KindCase switch
    {
        Wire.ApplyOverrideRequest.KindOneofCase.SpikeTariff =>
            new SpikeTariffPayload(request.SpikeTariff.SellPerKwh?.ToDecimal() ?? options.Value.SpikeSellPerKwh),
        Wire.ApplyOverrideRequest.KindOneofCase.ForceDischarge =>
            new ForceDischargePayload(request.ForceDischarge.SellPerKwh?.ToDecimal() ?? options.Value.ForceDischargeSellPerKwh),
        Wire.ApplyOverrideRequest.KindOneofCase.ForceCharge => new ForceChargePayload(),
        Wire.ApplyOverrideRequest.KindOneofCase.ExportRule => new ExportRulePayload(request.ExportRule.Rule switch
        {
            Wire.OverrideExportRule.Never => ExportRule.Never,
            Wire.OverrideExportRule.PvOnly => ExportRule.PvOnly,
            Wire.OverrideExportRule.BatteryOk => ExportRule.BatteryOk,
            _ => throw new OverrideException(OverrideFailure.Invalid, "Choose an export rule: never, pv_only or battery_ok."),
        }),
        Wire.ApplyOverrideRequest.KindOneofCase.GridCharging => new GridChargingPayload(request.GridCharging.Allowed),
        Wire.ApplyOverrideRequest.KindOneofCase.OperationMode => new OperationModePayload(request.OperationMode.Mode switch
        {
            Wire.OverrideOperationMode.SelfConsumption => OperationMode.SelfConsumption,
            Wire.OverrideOperationMode.Autonomous => OperationMode.Autonomous,
            Wire.OverrideOperationMode.Backup => OperationMode.Backup,
            _ => throw new OverrideException(OverrideFailure.Invalid, "Choose an operation mode: self_consumption, autonomous or backup."),
        }),
        Wire.ApplyOverrideRequest.KindOneofCase.BackupReserve => new BackupReservePayload(request.BackupReserve.Percent),
        _ => throw new OverrideException(OverrideFailure.Invalid,
            "Say what to override: spike_tariff, force_discharge, force_charge, export_rule, grid_charging, operation_mode or backup_reserve."),
    };

    private static Wire.ActiveOverride ToMessage(ActiveOverride active, IReadOnlyList<ControlledSetting> controls)
    {
        var message = new Wire.ActiveOverride
        {
            Name = active.Name,
            Kind = active.Payload.Kind switch
            {
                OverrideKind.SpikeTariff => Wire.OverrideKind.SpikeTariff,
                OverrideKind.ForceDischarge => Wire.OverrideKind.ForceDischarge,
                OverrideKind.ForceCharge => Wire.OverrideKind.ForceCharge,
                OverrideKind.ExportRule => Wire.OverrideKind.ExportRule,
                OverrideKind.GridCharging => Wire.OverrideKind.GridCharging,
                OverrideKind.OperationMode => Wire.OverrideKind.OperationMode,
                OverrideKind.BackupReserve => Wire.OverrideKind.BackupReserve,
                _ => Wire.OverrideKind.Unspecified,
            },
            Description = active.Payload.Describe(),
            Until = active.Until is { } until ? Timestamp.FromDateTimeOffset(until) : null,
            Since = Timestamp.FromDateTimeOffset(active.Since),
        };
        message.Settings.AddRange(active.Payload.Settings.Select(ToMessage));
        message.Controls.AddRange(controls.Select(ToMessage));
        return message;
    }

    private static Wire.OverrideSetting ToMessage(ControlledSetting setting) => setting switch
    {
        ControlledSetting.Tariff => Wire.OverrideSetting.Tariff,
        ControlledSetting.OperationMode => Wire.OverrideSetting.OperationMode,
        ControlledSetting.BackupReserve => Wire.OverrideSetting.BackupReserve,
        ControlledSetting.ExportRule => Wire.OverrideSetting.ExportRule,
        ControlledSetting.GridCharging => Wire.OverrideSetting.GridCharging,
        _ => Wire.OverrideSetting.Unspecified,
    };

    private string SiteIdOf(string requested) =>
        site.Value.Resolve(requested) ?? throw new RpcException(new Status(StatusCode.NotFound, $"Unknown site '{requested}'."));

    /// <summary>Turns override failures into statuses a caller can act on.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (OverrideException exception)
        {
            var status = exception.Failure switch
            {
                OverrideFailure.Invalid => StatusCode.InvalidArgument,
                OverrideFailure.Precondition => StatusCode.FailedPrecondition,
                _ => StatusCode.Unavailable,
            };
            throw new RpcException(new Status(status, Sentence(exception.Message)));
        }
    }

    /// <summary>Messages are built from lower-case parts; the caller sees a sentence.</summary>
    private static string Sentence(string text) =>
        text.Length == 0 ? text : string.Concat(char.ToUpperInvariant(text[0]).ToString(), text.AsSpan(1));
}
