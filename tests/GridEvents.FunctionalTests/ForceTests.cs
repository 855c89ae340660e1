using System.Text.Json.Nodes;
using Grpc.Core;
using TeslaSync.Contracts.GridEvents.V1;

namespace TeslaSync.GridEvents.FunctionalTests;

/// <summary>"Charge (or discharge) now for N minutes" from the user, through TariffSync to the simulated Powerwall.</summary>
public sealed class ForceTests : IAsyncLifetime
{
    private const string ForceDischargeCode = "TESLASYNC:OVERRIDE:FORCE-DISCHARGE";
    private const string ForceChargeCode = "TESLASYNC:OVERRIDE:FORCE-CHARGE";
    private GridHost _host = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await GridHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task StartForce_DischargeThenLongerThenCharge_ThenCancel_EndsOnTheUsersOwnTariffAndMode()
    {
        var baseline = await _host.PowerwallAsync();

        var discharging = await _host.Client.StartForceAsync(new StartForceRequest { Direction = ForceDirection.Discharge, Minutes = 30 }, cancellationToken: Cancel);
        var held = await _host.PowerwallAsync();
        Assert.Equal(ForceDirection.Discharge, discharging.Direction);
        Assert.Equal(ForceDischargeCode, (string?)held.Tariff["code"]);
        Assert.Equal("autonomous", held.Mode);

        // Asking again for longer extends the force, and what was uploaded with it.
        var uploadsBefore = (await _host.Simulator.TariffUploadsAsync(Cancel)).Count;
        var extended = await _host.Client.StartForceAsync(new StartForceRequest { Direction = ForceDirection.Discharge, Minutes = 90 }, cancellationToken: Cancel);
        Assert.True(extended.Until.ToDateTimeOffset() > discharging.Until.ToDateTimeOffset().AddMinutes(55));
        Assert.True((await _host.Simulator.TariffUploadsAsync(Cancel)).Count > uploadsBefore, "the longer window is uploaded");

        // Turning round goes straight from one force tariff to the other.
        var charging = await _host.Client.StartForceAsync(new StartForceRequest { Direction = ForceDirection.Charge, Minutes = 10 }, cancellationToken: Cancel);
        Assert.Equal(ForceDirection.Charge, charging.Direction);
        Assert.Equal(ForceChargeCode, (string?)(await _host.PowerwallAsync()).Tariff["code"]);

        var cancelled = await _host.Client.CancelForceAsync(new CancelForceRequest(), cancellationToken: Cancel);

        Assert.Equal(ForceDirection.Unspecified, cancelled.Direction);
        var after = await _host.PowerwallAsync();
        Assert.True(JsonNode.DeepEquals(baseline.Tariff, after.Tariff), "the user's own tariff is back exactly");
        Assert.Equal(baseline.Mode, after.Mode);
        var log = await _host.Client.GetEventLogAsync(new GetEventLogRequest(), cancellationToken: Cancel);
        Assert.Equal(4, log.Decisions.Count(d => d.Machine == "force" && d.Succeeded));
    }

    [Theory]
    [InlineData(ForceDirection.Discharge, 0)]
    [InlineData(ForceDirection.Charge, 1441)]
    [InlineData(ForceDirection.Unspecified, 10)]
    public async Task StartForce_BadRequest_IsRejectedAndNothingIsWritten(ForceDirection direction, int minutes)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Client.StartForceAsync(new StartForceRequest { Direction = direction, Minutes = minutes }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Empty(await _host.Simulator.TariffUploadsAsync(Cancel));
    }
}
