using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using TeslaSync.Contracts.Telemetry.V1;
using TeslaSync.ServiceTesting;

namespace TeslaSync.Telemetry.FunctionalTests;

/// <summary>History, summaries and reconciliation over gRPC after a simulated day of 30-second samples.</summary>
public sealed class SimulatedDayTests(SimulatedDay day) : IClassFixture<SimulatedDay>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetEnergySummary_TheDay_IsCompleteInTheZoneThePowerwallReports()
    {
        var summary = await DaySummaryAsync();

        Assert.Equal("Australia/Adelaide", summary.TimeZone);
        Assert.Equal("2026-11-24", summary.FirstDate);
        Assert.Equal("2026-11-24", summary.LastDate);
        Assert.Equal(SimulatedDay.DayStart, summary.Start.ToDateTimeOffset());
        Assert.Equal(86_400, summary.PeriodSeconds);
        Assert.Equal(86_400, summary.CoveredSeconds, 3);
        Assert.True(summary.Complete);
        Assert.Equal(100, summary.CompletenessPercent, 9);
        Assert.True(summary.Energy.SolarWh > 1000, $"A November day in Adelaide has sun (got {summary.Energy.SolarWh} Wh).");
        Assert.True(summary.Energy.HomeWh > 1000);
        Assert.Equal(100 * (1 - (summary.Energy.GridImportWh / summary.Energy.HomeWh)), summary.SelfSufficiencyPercent, 9);
        // Tesla's balance holds for the integrated energy: home = solar + import − export + discharge − charge.
        var e = summary.Energy;
        Assert.Equal(e.HomeWh, e.SolarWh + e.GridImportWh - e.GridExportWh + e.BatteryDischargeWh - e.BatteryChargeWh, 3);
    }

    [Fact]
    public async Task GetEnergyHistory_HoursHalfHoursAndTheDay_AddUpToTheSummary()
    {
        var summary = await DaySummaryAsync();
        var from = Timestamp.FromDateTimeOffset(SimulatedDay.DayStart);
        var to = Timestamp.FromDateTimeOffset(SimulatedDay.DayEnd);

        var hours = await day.Client.GetEnergyHistoryAsync(new GetEnergyHistoryRequest { From = from, To = to, ResolutionMinutes = 60 }, cancellationToken: Ct);
        var halfHours = await day.Client.GetEnergyHistoryAsync(new GetEnergyHistoryRequest { From = from, To = to, ResolutionMinutes = 30 }, cancellationToken: Ct);
        var fiveMinutes = await day.Client.GetEnergyHistoryAsync(new GetEnergyHistoryRequest { From = from, To = to, ResolutionMinutes = 5 }, cancellationToken: Ct);
        var days = await day.Client.GetEnergyHistoryAsync(new GetEnergyHistoryRequest
        {
            From = Timestamp.FromDateTimeOffset(SimulatedDay.DayStart.AddDays(-1)),
            To = Timestamp.FromDateTimeOffset(SimulatedDay.DayEnd.AddDays(1)),
            ResolutionMinutes = 1440,
        }, cancellationToken: Ct);

        Assert.Equal(24, hours.Points.Count);
        Assert.Equal(48, halfHours.Points.Count);
        Assert.Equal(288, fiveMinutes.Points.Count);
        Assert.Equal("Australia/Adelaide", hours.TimeZone);
        Assert.All(hours.Points, p => Assert.Equal(3600, p.CoveredSeconds, 3));
        var theDay = Assert.Single(days.Points, p => p.LocalDate == "2026-11-24");
        Assert.Equal(summary.Energy.SolarWh, theDay.Energy.SolarWh, 6);
        foreach (var series in new[] { hours, halfHours, fiveMinutes })
        {
            Assert.Equal(summary.Energy.SolarWh, series.Points.Sum(p => p.Energy.SolarWh), 6);
            Assert.Equal(summary.Energy.HomeWh, series.Points.Sum(p => p.Energy.HomeWh), 6);
            Assert.Equal(summary.Energy.GridImportWh, series.Points.Sum(p => p.Energy.GridImportWh), 6);
            Assert.Equal(summary.Energy.GridExportWh, series.Points.Sum(p => p.Energy.GridExportWh), 6);
            Assert.Equal(summary.Energy.BatteryChargeWh, series.Points.Sum(p => p.Energy.BatteryChargeWh), 6);
            Assert.Equal(summary.Energy.BatteryDischargeWh, series.Points.Sum(p => p.Energy.BatteryDischargeWh), 6);
        }
    }

    [Fact]
    public async Task GetEnergySummary_Reconciliation_ReportsTheDifferenceForWhateverTheSimulatorReturns()
    {
        var summary = await DaySummaryAsync();
        var (status, tesla) = await SimulatorDayTotalsAsync();

        var reconciliation = summary.Reconciliation;
        if (status != 200)
        {
            Assert.Equal(ReconciliationStatus.Unavailable, reconciliation.Status);
            Assert.Contains($"HTTP {status}", reconciliation.Reason, StringComparison.Ordinal);
            Assert.Equal(0, reconciliation.DaysCompared);
            return;
        }

        Assert.Equal(ReconciliationStatus.Available, reconciliation.Status);
        Assert.Equal(1, reconciliation.DaysCompared);
        Assert.Equal(summary.Energy, reconciliation.Ours);
        var byFlow = reconciliation.Differences.ToDictionary(d => d.Flow);
        Assert.Equal(6, byFlow.Count);
        foreach (var (flow, teslaWh) in tesla)
        {
            var difference = byFlow[flow];
            Assert.Equal(teslaWh, difference.TeslaWh, 6);
            Assert.Equal(difference.OursWh - teslaWh, difference.DifferenceWh, 6);
            if (teslaWh != 0)
            {
                Assert.Equal(100 * (difference.OursWh - teslaWh) / teslaWh, difference.DifferencePercent, 6);
            }
        }
    }

    [Fact]
    public async Task GetEnergySummary_Reconciliation_AgreesWithTheSimulatorsCalendarHistoryWithinOnePercent()
    {
        var summary = await DaySummaryAsync();

        foreach (var d in summary.Reconciliation.Differences)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{d.Flow,-18} ours {d.OursWh,9:F1} Wh  simulator {d.TeslaWh,9:F1} Wh  {d.DifferencePercent,7:F3} %");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{day.Samples.Received.Count} samples in {day.RunTime.TotalSeconds:F1} s of wall-clock time");
        Assert.True(summary.Reconciliation.Status == ReconciliationStatus.Available,
            $"Tesla's totals for the day should have been fetched from the simulator's calendar_history: {summary.Reconciliation.Status} ({summary.Reconciliation.Reason}).");
        Assert.All(summary.Reconciliation.Differences, d =>
            Assert.True(Math.Abs(d.DifferenceWh) <= (0.01 * d.TeslaWh) + 5,
                $"{d.Flow}: ours {d.OursWh:F0} Wh, the simulator's {d.TeslaWh:F0} Wh ({d.DifferencePercent:F2} %)."));
    }

    [Fact]
    public async Task LiveStatusSampled_EverySample_PublishedWithModeAndReserve()
    {
        var published = day.Samples.Events;
        var live = await day.Client.GetLiveStatusAsync(new GetLiveStatusRequest(), cancellationToken: Ct);

        Assert.True(published.Count >= 3000, $"{published.Count} samples published");
        Assert.Equal(published.Count, published.Select(e => e.OccurredAt).Distinct().Count());
        Assert.All(published.Zip(published.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(30), pair.Second.OccurredAt - pair.First.OccurredAt));
        Assert.All(published, e =>
        {
            Assert.Equal("self_consumption", e.OperationMode);
            Assert.Equal(20, e.BackupReservePercent);
            Assert.Equal(e.LoadPowerW, e.SolarPowerW + e.BatteryPowerW + e.GridPowerW, 6);
        });
        Assert.Equal("self_consumption", live.OperationMode);
        Assert.Equal(20, live.BackupReservePercent);
        Assert.Equal(published[^1].OccurredAt, live.SampledAt.ToDateTimeOffset());
    }

    [Fact]
    public void ApiBudget_EveryTeslaReadServed_IsReportedToTariffSyncWithOneCalendarHistoryRead()
    {
        Assert.Equal(day.TeslaRequests.Count, day.ReportedReads);
        // Once for the 24th, and once for the 23rd, whose last ten minutes were sampled.
        Assert.Equal(2, day.TeslaRequests.Count(r => r.Path.Contains("/calendar_history", StringComparison.Ordinal)));
        Assert.Single(day.TeslaRequests, r => r.Path.EndsWith("/products", StringComparison.Ordinal));
        // Mode and reserve come from site_info every 30 minutes, not with every sample.
        Assert.InRange(day.TeslaRequests.Count(r => r.Path.EndsWith("/site_info", StringComparison.Ordinal)), 51, 52);
        Assert.Equal(day.Samples.Received.Count, day.TeslaRequests.Count(r => r.Path.EndsWith("/live_status", StringComparison.Ordinal)));
    }

    private Task<GetEnergySummaryResponse> DaySummaryAsync() => Task.FromResult(day.Summary);

    /// <summary>What the simulated Powerwall's calendar_history says of the day, as the HTTP status and per-flow totals.</summary>
    private async Task<(int Status, IReadOnlyDictionary<string, double> Totals)> SimulatorDayTotalsAsync()
    {
        var query = "kind=energy&period=day&time_zone=Australia%2FAdelaide"
            + "&start_date=" + Uri.EscapeDataString(SimulatedDay.DayStart.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture))
            + "&end_date=" + Uri.EscapeDataString(SimulatedDay.DayEnd.AddSeconds(-1).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get,
            new Uri(day.Simulator.BaseAddress, $"tesla/api/1/energy_sites/{SimulatorServer.EnergySiteId}/calendar_history?{query}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorServer.TeslaToken);
        using var response = await http.SendAsync(request, Ct);
        if (!response.IsSuccessStatusCode)
        {
            return ((int)response.StatusCode, new Dictionary<string, double>());
        }

        var series = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["response"]!["time_series"]!.AsArray()
            .Select(p => p!.AsObject())
            .Where(p => DateTimeOffset.Parse(p["timestamp"]!.GetValue<string>(), CultureInfo.InvariantCulture) is var at
                && at >= SimulatedDay.DayStart && at < SimulatedDay.DayEnd)
            .ToList();
        double Sum(params string[] keys) => series.Sum(p => keys.Sum(k => p[k]?.GetValue<double>() ?? 0));
        return (200, new Dictionary<string, double>
        {
            ["solar"] = Sum("solar_energy_exported"),
            ["home"] = Sum("consumer_energy_imported_from_grid", "consumer_energy_imported_from_solar", "consumer_energy_imported_from_battery", "consumer_energy_imported_from_generator"),
            ["grid_import"] = Sum("grid_energy_imported"),
            ["grid_export"] = Sum("grid_energy_exported_from_solar", "grid_energy_exported_from_battery", "grid_energy_exported_from_generator"),
            ["battery_charge"] = Sum("battery_energy_imported_from_grid", "battery_energy_imported_from_solar", "battery_energy_imported_from_generator"),
            ["battery_discharge"] = Sum("battery_energy_exported"),
        });
    }
}
