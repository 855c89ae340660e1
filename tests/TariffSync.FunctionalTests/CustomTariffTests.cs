using System.Text.Json.Nodes;
using Grpc.Core;
using TeslaSync.Contracts.TariffSync.V1;

namespace TeslaSync.TariffSync.FunctionalTests;

/// <summary>A retailer's TOU plan entered by hand: checked, saved as a profile and put on the Powerwall.</summary>
public sealed class CustomTariffTests : IAsyncLifetime
{
    private const string WeekdayPeakPlan = """
        {"name": "Flexi", "utility": "Some Retailer", "dailySupplyCharge": 1.1, "seasons": [{"name": "Year", "periods": [
          {"name": "Weekday peak", "buyPerKwh": 0.55, "sellPerKwh": 0.08, "windows": [{"fromWeekday": 0, "toWeekday": 4, "start": "16:00", "end": "21:00"}]},
          {"name": "Weekend evening", "buyPerKwh": 0.35, "sellPerKwh": 0.08, "windows": [{"fromWeekday": 5, "toWeekday": 6, "start": "16:00", "end": "21:00"}]},
          {"name": "Off peak", "buyPerKwh": 0.22, "sellPerKwh": 0.04, "windows": [{"start": "21:00", "end": "24:00"}, {"start": "00:00", "end": "16:00"}]}
        ]}]}
        """;

    private const string OverlappingPlan = """
        {"name": "Broken", "seasons": [{"name": "Year", "periods": [
          {"name": "Peak", "buyPerKwh": 0.5, "sellPerKwh": 0.1, "windows": [{"start": "15:00", "end": "21:00"}]},
          {"name": "Shoulder", "buyPerKwh": 0.3, "sellPerKwh": 0.1, "windows": [{"start": "00:00", "end": "16:00"}, {"start": "21:00", "end": "24:00"}]}
        ]}]}
        """;

    private TariffSyncHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await TariffSyncHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ValidateCustomTariff_OverlappingPeriods_NamesBothPeriodsAndTheTime()
    {
        var result = await _host.Client.ValidateCustomTariffAsync(new ValidateCustomTariffRequest { ScheduleJson = OverlappingPlan }, cancellationToken: Cancel);

        var problem = Assert.Single(result.Problems);
        Assert.Contains("'Peak'", problem, StringComparison.Ordinal);
        Assert.Contains("'Shoulder'", problem, StringComparison.Ordinal);
        Assert.Contains("15:00–16:00", problem, StringComparison.Ordinal);
        Assert.Empty(result.TariffJson);
    }

    [Fact]
    public async Task ValidateCustomTariff_NotJson_SaysSo()
    {
        var result = await _host.Client.ValidateCustomTariffAsync(new ValidateCustomTariffRequest { ScheduleJson = "{\"name\": " }, cancellationToken: Cancel);

        Assert.Contains("not valid JSON", Assert.Single(result.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveCustomTariffProfile_Invalid_IsRejectedAndNothingIsSaved()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.SaveCustomTariffProfileAsync(
            new SaveCustomTariffProfileRequest { Name = "Broken", ScheduleJson = OverlappingPlan }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("overlap", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await _host.Client.ListProfilesAsync(new ListProfilesRequest(), cancellationToken: Cancel)).Profiles);
    }

    [Fact]
    public async Task SaveAndRestoreCustomTariff_WeekdayAndWeekendRatesForTheSameHours_BothReachThePowerwall()
    {
        var saved = await _host.Client.SaveCustomTariffProfileAsync(
            new SaveCustomTariffProfileRequest { Name = "Retailer Flexi", ScheduleJson = WeekdayPeakPlan }, cancellationToken: Cancel);
        var restored = await _host.Client.RestoreProfileAsync(new RestoreProfileRequest { ProfileId = saved.Id }, cancellationToken: Cancel);

        Assert.Equal("custom", saved.Source);
        Assert.Equal(SyncStatus.Succeeded, restored.Status);
        var held = (await _host.Simulator.TariffUploadsAsync(Cancel)).Last().TariffContentV2;
        var rates = held["energy_charges"]!["Year"]!["rates"]!.AsObject();
        Assert.Equal(0.55m, (decimal)rates["Weekday peak"]!);
        Assert.Equal(0.35m, (decimal)rates["Weekend evening"]!);
        Assert.Equal(1.1m, (decimal)held["daily_charges"]![0]!["amount"]!);
        var weekend = held["seasons"]!["Year"]!["tou_periods"]!["Weekend evening"]!["periods"]![0]!;
        Assert.Equal(5, (int)weekend["fromDayOfWeek"]!);
        Assert.Equal(6, (int)weekend["toDayOfWeek"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(saved.TariffJson), held));
    }
}
