using TeslaSync.Contracts.GridEvents.V1;
using TeslaSync.ServiceTesting;

namespace TeslaSync.GridEvents.FunctionalTests;

/// <summary>
/// The user's thresholds and switches over gRPC: configured defaults, all-or-nothing updates kept in
/// GridEvents' database across a restart, and the next decision made on the new values.
/// </summary>
public sealed class GridSettingsTests : IAsyncLifetime
{
    private GridHost _host = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await GridHost.StartAsync(new Dictionary<string, string>
    {
        ["GridEvents:Spike:ThresholdPerMwh"] = "400",
        ["GridEvents:Curtailment:RestoreAtCents"] = "2.5",
    });

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private async Task<Dictionary<string, Contracts.GridEvents.V1.GridSetting>> SettingsAsync()
    {
        var response = await _host.Client.GetSettingsAsync(new GetSettingsRequest(), cancellationToken: Cancel);
        return response.Settings.ToDictionary(s => s.Key);
    }

    private Task<UpdateSettingsResponse> UpdateAsync(params (string Key, string Value)[] values)
    {
        var request = new UpdateSettingsRequest();
        foreach (var (key, value) in values)
        {
            request.Values[key] = value;
        }

        return _host.Client.UpdateSettingsAsync(request, cancellationToken: Cancel).ResponseAsync;
    }

    [Fact]
    public async Task GetSettings_NothingChanged_ReportsTheConfiguredValuesAsDefaults()
    {
        var settings = await SettingsAsync();

        var threshold = settings["spike.threshold"];
        Assert.Equal(("400", "400"), (threshold.Value, threshold.DefaultValue));
        Assert.Equal((SettingKind.Number, "$/MWh"), (threshold.Kind, threshold.Unit));
        Assert.Equal((1m, 20000m), (threshold.Min.ToDecimal(), threshold.Max.ToDecimal()));
        Assert.False(string.IsNullOrWhiteSpace(threshold.Label));
        Assert.False(string.IsNullOrWhiteSpace(threshold.Description));
        Assert.Equal("2.5", settings["curtailment.restoreAt"].Value);
        Assert.Equal(("true", SettingKind.Bool), (settings["spike.enabled"].Value, settings["spike.enabled"].Kind));
        Assert.Equal(("16:00", SettingKind.Time), (settings["demandWindow.start"].Value, settings["demandWindow.start"].Kind));
        Assert.Equal("Monday,Tuesday,Wednesday,Thursday,Friday", settings["demandWindow.days"].Value);
        Assert.Null(settings["demandWindow.days"].Min);
    }

    [Fact]
    public async Task UpdateSettings_Valid_IsKeptAcrossARestartAndLoggedWithOldAndNewValue()
    {
        var response = await UpdateAsync(("spike.threshold", "450"), ("curtailment.enabled", "true"), ("demandWindow.days", "Weekend"));

        Assert.Empty(response.Problems);
        Assert.Equal("450", response.Settings.Single(s => s.Key == "spike.threshold").Value);
        Assert.Equal(450m, (await _host.Client.GetStatusAsync(new GetStatusRequest(), cancellationToken: Cancel)).SpikeThresholdPerMwh.ToDecimal());

        await _host.RestartGridEventsAsync();

        var settings = await SettingsAsync();
        Assert.Equal(("450", "400"), (settings["spike.threshold"].Value, settings["spike.threshold"].DefaultValue));
        Assert.Equal(("true", "false"), (settings["curtailment.enabled"].Value, settings["curtailment.enabled"].DefaultValue));
        Assert.Equal("Saturday,Sunday", settings["demandWindow.days"].Value);
        var status = await _host.Client.GetStatusAsync(new GetStatusRequest(), cancellationToken: Cancel);
        Assert.Equal(450m, status.SpikeThresholdPerMwh.ToDecimal());
        Assert.Equal(430m, status.SpikeExitPerMwh.ToDecimal());
        Assert.True(status.CurtailmentEnabled);

        var logged = await _host.DecisionsAsync("settings", "user");
        Assert.Equal(3, logged.Count);
        var threshold = Assert.Single(logged, d => d.Reason.Contains("spike.threshold", StringComparison.Ordinal));
        Assert.Equal(("400", "450"), (threshold.StateBefore, threshold.StateAfter));
        Assert.Contains("from 400 to 450", threshold.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateSettings_InvalidCombination_IsRefusedNamingTheSettingAndChangesNothing()
    {
        // The threshold alone is fine; with a deadband as large, a spike could never end.
        var response = await UpdateAsync(("spike.threshold", "350"), ("spike.deadband", "350"));

        var problem = Assert.Single(response.Problems);
        Assert.Equal("spike.deadband", problem.Key);
        Assert.Contains("below the threshold", problem.Message, StringComparison.Ordinal);
        var settings = await SettingsAsync();
        Assert.Equal("400", settings["spike.threshold"].Value);
        Assert.Equal("20", settings["spike.deadband"].Value);
        Assert.Empty(await _host.DecisionsAsync("settings"));

        var unknownAndBad = await UpdateAsync(("spike.colour", "red"), ("curtailment.restoreAt", "lots"), ("spike.enabled", "false"));

        Assert.Equal(["curtailment.restoreAt", "spike.colour"], unknownAndBad.Problems.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("true", (await SettingsAsync())["spike.enabled"].Value);
    }

    [Fact]
    public async Task Restart_ConfigurationNoLongerFitsTheSavedSettings_StartsOnTheConfiguredValuesAndKeepsTheSavedOnes()
    {
        Assert.Empty((await UpdateAsync(("curtailment.restoreAt", "3"))).Problems);

        // The owner raises the configured curtail level above the restore level they saved: refusing to start
        // would leave negative prices unhandled, so the configuration wins until the settings are saved again.
        await _host.RestartGridEventsAsync(new Dictionary<string, string>
        {
            ["GridEvents:Curtailment:CurtailBelowCents"] = "3.5",
            ["GridEvents:Curtailment:RestoreAtCents"] = "4",
        });

        var settings = await SettingsAsync();
        Assert.Equal(("4", "4"), (settings["curtailment.restoreAt"].Value, settings["curtailment.restoreAt"].DefaultValue));
        Assert.Equal("3.5", settings["curtailment.curtailBelow"].Value);

        // Nothing was thrown away: the saved value comes back with a configuration it fits.
        await _host.RestartGridEventsAsync(new Dictionary<string, string>
        {
            ["GridEvents:Curtailment:CurtailBelowCents"] = "1.0",
            ["GridEvents:Curtailment:RestoreAtCents"] = "2.5",
        });
        Assert.Equal("3", (await SettingsAsync())["curtailment.restoreAt"].Value);
    }

    [Fact]
    public async Task UpdateSettings_HigherSpikeThreshold_TheNextPriceIsJudgedAgainstIt()
    {
        var now = DateTimeOffset.UtcNow;
        var firstEnd = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.FromMinutes(5).Ticks), TimeSpan.Zero).AddMinutes(5);
        Assert.Empty((await UpdateAsync(("spike.threshold", "500"))).Problems);

        // Above the configured 400, below the new 500: no spike.
        await _host.PublishAemoPriceAsync(450m, firstEnd);
        var quiet = await _host.StatusAsync(s => s.AemoPricePerMwh?.ToDecimal() == 450m, "the 450 price seen");
        Assert.Equal(SpikeState.Normal, quiet.SpikeState);

        await _host.PublishAemoPriceAsync(520m, firstEnd.AddMinutes(5));

        await _host.StatusAsync(s => s.SpikeState == SpikeState.Spike, "a spike at 520");
        // The state is written ahead of the call to TariffSync; the decision is logged once it answers.
        var started = await Eventually.GetAsync(
            async () => (await _host.DecisionsAsync("spike", "price")).SingleOrDefault(), GridHost.Patience, "the spike's start logged");
        Assert.Equal((520m, 500m), (started.Input.ToDecimal(), started.Threshold.ToDecimal()));
    }
}
