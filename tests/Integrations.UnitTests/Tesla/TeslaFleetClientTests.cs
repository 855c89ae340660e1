using System.Net;
using System.Text.Json.Nodes;
using TeslaSync.Integrations.Tesla;
using TeslaSync.Integrations.UnitTests.Support;

namespace TeslaSync.Integrations.UnitTests.Tesla;

/// <summary>Fleet API envelopes from captured fixtures, request shapes, and typed errors that never leak the body.</summary>
public sealed class TeslaFleetClientTests
{
    private const string FleetBase = "https://fleet-api.prd.na.vn.cloud.tesla.com";
    private const long SiteId = 123456;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Products_ReturnsEnergySitesOnly()
    {
        var handler = FakeHttpHandler.ReturningFixture("tesla", "products.json");

        var sites = await Clients.Tesla(handler).GetProductsAsync(Ct);

        Assert.Equal($"{FleetBase}/api/1/products", handler.SingleRequest.Uri.AbsoluteUri);
        Assert.Equal([123456L, 98765L], sites.Select(s => s.EnergySiteId));
        var powerwall = sites[0];
        Assert.Equal("Energy Site", powerwall.SiteName);
        Assert.Equal("battery", powerwall.ResourceType);
        Assert.Equal("ABC123", powerwall.GatewayId);
        Assert.True(powerwall.HasBattery);
        Assert.True(powerwall.HasSolar);
        Assert.Equal(40804, powerwall.TotalPackEnergyWh);
        var bare = sites[1];
        Assert.Null(bare.SiteName);
        Assert.Null(bare.ResourceType);
        Assert.False(bare.HasBattery);
    }

    [Fact]
    public async Task SiteInfo_ReadsConfiguration_WithEmptyTimeZoneAsNull_AndNoTariff()
    {
        var handler = FakeHttpHandler.ReturningFixture("tesla", "site_info.json");

        var info = await Clients.Tesla(handler).GetSiteInfoAsync(SiteId, Ct);

        Assert.Equal($"{FleetBase}/api/1/energy_sites/123456/site_info", handler.SingleRequest.Uri.AbsoluteUri);
        Assert.Equal("Site", info.SiteName);
        Assert.Null(info.InstallationTimeZone); // the Powerwall sent ""
        Assert.Equal(OperationMode.SelfConsumption, info.DefaultRealMode);
        Assert.Equal(0, info.BackupReservePercent);
        Assert.Equal(ExportRule.PvOnly, info.CustomerPreferredExportRule);
        Assert.True(info.DisallowChargeFromGridWithSolarInstalled);
        Assert.Null(info.NonExportConfigured);
        Assert.Equal("23.44.0 eb113390", info.FirmwareVersion);
        Assert.Equal(2, info.BatteryCount);
        Assert.Equal(15000, info.NameplatePowerW);
        Assert.Equal(40500, info.NameplateEnergyWh);
        Assert.Null(info.TariffContentV2);
    }

    [Fact]
    public async Task SiteInfo_WithTariff_ReturnsTheRawTariffObject()
    {
        var handler = FakeHttpHandler.ReturningFixture("tesla", "site_info_tariff_content_v2_multi_season.json");

        var info = await Clients.Tesla(handler).GetSiteInfoAsync(SiteId, Ct);

        Assert.Equal(1, info.BatteryCount);
        var tariff = Assert.IsType<JsonObject>(info.TariffContentV2);
        var expected = JsonNode.Parse(SharedFolder.ReadFixture("tesla", "site_info_tariff_content_v2_multi_season.json"))!["response"]!["tariff_content_v2"];
        Assert.True(JsonNode.DeepEquals(expected, tariff));
        Assert.NotNull(tariff["sell_tariff"]);
        Assert.NotNull(tariff["seasons"]);
    }

    [Fact]
    public async Task SiteInfo_ReadsTimeZoneAndNonExportFlag_WhenPresent()
    {
        const string body = """
            {"response":{"site_name":"Home","installation_time_zone":"Australia/Adelaide","default_real_mode":"autonomous",
             "backup_reserve_percent":20,"components":{"non_export_configured":true},"tariff_content_v2":null}}
            """;

        var info = await Clients.Tesla(FakeHttpHandler.Returning(HttpStatusCode.OK, body)).GetSiteInfoAsync(SiteId, Ct);

        Assert.Equal("Australia/Adelaide", info.InstallationTimeZone);
        Assert.Equal(OperationMode.Autonomous, info.DefaultRealMode);
        Assert.Null(info.CustomerPreferredExportRule);
        Assert.True(info.NonExportConfigured);
        Assert.Null(info.TariffContentV2);
    }

    [Fact]
    public async Task LiveStatus_KeepsTeslasSigns_LoadIsSolarPlusBatteryPlusGrid()
    {
        var handler = FakeHttpHandler.ReturningFixture("tesla", "live_status.json");

        var status = await Clients.Tesla(handler).GetLiveStatusAsync(SiteId, Ct);

        Assert.Equal($"{FleetBase}/api/1/energy_sites/123456/live_status", handler.SingleRequest.Uri.AbsoluteUri);
        Assert.Equal(1185, status.SolarPowerW);
        Assert.Equal(5060, status.BatteryPowerW); // > 0: discharging
        Assert.Equal(0, status.GridPowerW);
        Assert.Equal(6245, status.LoadPowerW);
        Assert.Equal(status.LoadPowerW, status.SolarPowerW + status.BatteryPowerW + status.GridPowerW + status.GeneratorPowerW);
        Assert.Equal(95.50537403739663, status.PercentageCharged);
        Assert.Equal("Active", status.GridStatus);
        Assert.Equal("on_grid", status.IslandStatus);
        Assert.False(status.StormModeActive);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), status.Timestamp);
    }

    [Fact]
    public async Task GetEnergyHistory_DayFixture_SendsSiteLocalBoundsAndReturnsWhPointsInUtc()
    {
        var handler = FakeHttpHandler.ReturningFixture("tesla", "calendar_history_energy_day.json");
        var start = new DateTimeOffset(2024, 9, 17, 14, 0, 0, TimeSpan.Zero); // 00:00 in Brisbane
        var end = start.AddDays(1).AddSeconds(-1);

        var history = await Clients.Tesla(handler).GetEnergyHistoryAsync(SiteId, CalendarHistoryPeriod.Day, start, end, "Australia/Brisbane", Ct);

        Assert.Equal(
            $"{FleetBase}/api/1/energy_sites/123456/calendar_history?kind=energy&period=day" +
            "&start_date=2024-09-18T00%3A00%3A00%2B10%3A00&end_date=2024-09-18T23%3A59%3A59%2B10%3A00&time_zone=Australia%2FBrisbane",
            handler.SingleRequest.Uri.AbsoluteUri);
        Assert.Equal(HttpMethod.Get, handler.SingleRequest.Method);
        Assert.Equal(CalendarHistoryPeriod.Day, history.Period);
        Assert.Equal("Australia/Brisbane", history.InstallationTimeZone);
        Assert.Equal(2, history.Points.Count);
        var night = history.Points[0];
        Assert.Equal(new DateTimeOffset(2024, 9, 17, 14, 0, 0, TimeSpan.Zero), night.Start);
        Assert.Equal(TimeSpan.Zero, night.Start.Offset);
        Assert.Equal(36, night.BatteryDischargedWh);
        Assert.Equal(36, night.HomeFromBatteryWh);
        Assert.Equal(36, night.HomeUsageWh);
        var morning = history.Points[1];
        Assert.Equal(new DateTimeOffset(2024, 9, 17, 22, 45, 0, TimeSpan.Zero), morning.Start);
        Assert.Equal(724, morning.SolarGeneratedWh);
        Assert.Equal(684, morning.BatteryChargedFromSolarWh);
        Assert.Equal(684, morning.BatteryChargedWh);
        Assert.Equal(2, morning.GridExportedWh);
        Assert.Equal(38, morning.HomeUsageWh);
        Assert.Equal(morning.SolarGeneratedWh, morning.BatteryChargedFromSolarWh + morning.GridExportedFromSolarWh + morning.HomeFromSolarWh);
    }

    [Fact]
    public async Task GetEnergyHistory_DaylightSavingZone_UsesThatDaysOffset()
    {
        var handler = FakeHttpHandler.ReturningFixture("tesla", "calendar_history_energy_day.json");
        var start = new DateTimeOffset(2026, 1, 9, 13, 30, 0, TimeSpan.Zero); // 00:00 ACDT (+10:30)

        await Clients.Tesla(handler).GetEnergyHistoryAsync(SiteId, CalendarHistoryPeriod.Week, start, start.AddDays(7), "Australia/Adelaide", Ct);

        Assert.Contains("period=week&start_date=2026-01-10T00%3A00%3A00%2B10%3A30", handler.SingleRequest.Uri.AbsoluteUri, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData(" ")]
    public async Task GetEnergyHistory_UnknownTimeZone_ThrowsWithoutSending(string zone)
    {
        var handler = FakeHttpHandler.ReturningFixture("tesla", "calendar_history_energy_day.json");

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Clients.Tesla(handler).GetEnergyHistoryAsync(SiteId, CalendarHistoryPeriod.Day, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, zone, Ct));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task GetEnergyHistory_PointWithoutTimestamp_IsMalformed()
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.OK, """{"response":{"period":"day","time_series":[{"solar_energy_exported":1}]}}""");

        var error = await Assert.ThrowsAsync<TeslaApiException>(() =>
            Clients.Tesla(handler).GetEnergyHistoryAsync(SiteId, CalendarHistoryPeriod.Day, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "UTC", Ct));

        Assert.Equal(TeslaErrorKind.MalformedResponse, error.Kind);
    }

    [Theory]
    [InlineData(true, """{"enabled":true}""")]
    [InlineData(false, """{"enabled":false}""")]
    public async Task SetStormMode_PostsEnabled(bool enabled, string body)
    {
        var handler = FakeHttpHandler.ReturningFixture("tesla", "energy_command_ok_transcribed.json");

        var result = await Clients.Tesla(handler).SetStormModeAsync(SiteId, enabled, Ct);

        Assert.Equal(201, result.Code);
        Assert.Equal(HttpMethod.Post, handler.SingleRequest.Method);
        Assert.Equal($"{FleetBase}/api/1/energy_sites/123456/storm_mode", handler.SingleRequest.Uri.AbsoluteUri);
        Assert.Equal(body, handler.SingleRequest.Body);
    }

    [Fact]
    public async Task SetOperationMode_PostsModeWithBearer_AndReadsCommandResponse()
    {
        var handler = FakeHttpHandler.ReturningFixture("tesla", "energy_command_ok_transcribed.json");

        var result = await Clients.Tesla(handler).SetOperationModeAsync(SiteId, OperationMode.Autonomous, Ct);

        Assert.Equal(new TeslaCommandResult(201, "Updated"), result);
        var request = handler.SingleRequest;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal($"{FleetBase}/api/1/energy_sites/123456/operation", request.Uri.AbsoluteUri);
        Assert.Equal("""{"default_real_mode":"autonomous"}""", request.Body);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal("Bearer", request.Authorization?.Scheme);
        Assert.Equal(Clients.TeslaToken, request.Authorization?.Parameter);
    }

    [Theory]
    [InlineData(OperationMode.SelfConsumption, "self_consumption")]
    [InlineData(OperationMode.Backup, "backup")]
    public async Task SetOperationMode_UsesTeslasWireNames(OperationMode mode, string wire)
    {
        var handler = FakeHttpHandler.ReturningFixture("tesla", "energy_command_ok_transcribed.json");

        await Clients.Tesla(handler).SetOperationModeAsync(SiteId, mode, Ct);

        Assert.Equal($$"""{"default_real_mode":"{{wire}}"}""", handler.SingleRequest.Body);
    }

    [Fact]
    public async Task SetTimeOfUseSettings_PostsExactlyTheWrappedTariff()
    {
        var tariff = JsonNode.Parse(SharedFolder.ReadFixture("tesla", "tariff_content_v2_sample_powersync_flowpower.json"))!["response"]!["tariff_content_v2"]!
            .DeepClone().AsObject();
        var handler = FakeHttpHandler.ReturningFixture("tesla", "energy_command_ok_transcribed.json");

        var result = await Clients.Tesla(handler).SetTimeOfUseSettingsAsync(SiteId, tariff, Ct);

        Assert.Equal(201, result.Code);
        var request = handler.SingleRequest;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal($"{FleetBase}/api/1/energy_sites/123456/time_of_use_settings", request.Uri.AbsoluteUri);
        Assert.Equal("""{"tou_settings":{"tariff_content_v2":""" + tariff.ToJsonString() + "}}", request.Body);
        Assert.Equal("Bearer", request.Authorization?.Scheme);
        Assert.Equal(Clients.TeslaToken, request.Authorization?.Parameter);
        Assert.Null(tariff.Parent); // the caller's object was copied, not adopted
    }

    [Fact]
    public async Task GridImportExport_SendsOnlyTheGivenFields()
    {
        var handler = FakeHttpHandler.ReturningFixture("tesla", "energy_command_ok_transcribed.json");

        await Clients.Tesla(handler).SetGridImportExportAsync(SiteId, ExportRule.Never, null, Ct);

        Assert.Equal($"{FleetBase}/api/1/energy_sites/123456/grid_import_export", handler.SingleRequest.Uri.AbsoluteUri);
        Assert.Equal("""{"customer_preferred_export_rule":"never"}""", handler.SingleRequest.Body);
    }

    [Fact]
    public async Task BackupReserve_SendsPercent()
    {
        var handler = FakeHttpHandler.ReturningFixture("tesla", "energy_command_ok_transcribed.json");

        await Clients.Tesla(handler).SetBackupReserveAsync(SiteId, 20, Ct);

        Assert.Equal("""{"backup_reserve_percent":20}""", handler.SingleRequest.Body);
    }

    [Fact]
    public async Task Status408_FromCapturedBody_IsDeviceOffline()
    {
        var body = File.ReadAllBytes(SharedFolder.Fixture("tesla", "error_408_vehicle_unavailable_transcribed.json"));
        var handler = FakeHttpHandler.Returning(HttpStatusCode.RequestTimeout, body);

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => Clients.Tesla(handler).GetLiveStatusAsync(SiteId, Ct));

        Assert.Equal(TeslaErrorKind.DeviceOffline, error.Kind);
        Assert.Equal(HttpStatusCode.RequestTimeout, error.StatusCode);
        Assert.Equal("vehicle unavailable: vehicle is offline or asleep", error.Error);
        Assert.Null(error.ErrorDescription); // "" in the body
        Assert.True(error.IsTransient);
        Assert.Contains("offline", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status401_WithoutBody_IsUnauthorized()
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.Unauthorized);

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => Clients.Tesla(handler).GetSiteInfoAsync(SiteId, Ct));

        Assert.Equal(TeslaErrorKind.Unauthorized, error.Kind);
        Assert.Null(error.Error);
        Assert.False(error.IsTransient);
        Assert.DoesNotContain(Clients.TeslaToken, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status429_CarriesRetryAfter()
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.TooManyRequests, """{"response":null,"error":"rate limited","error_description":""}""",
            r => r.Headers.Add("Retry-After", "60"));

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => Clients.Tesla(handler).GetProductsAsync(Ct));

        Assert.Equal(TeslaErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(60), error.RetryAfter);
        Assert.True(error.IsTransient);
    }

    [Theory]
    [InlineData(402, TeslaErrorKind.PaymentRequired)]
    [InlineData(403, TeslaErrorKind.Forbidden)]
    [InlineData(404, TeslaErrorKind.NotFound)]
    [InlineData(421, TeslaErrorKind.WrongRegion)]
    [InlineData(400, TeslaErrorKind.BadRequest)]
    [InlineData(500, TeslaErrorKind.ServerError)]
    [InlineData(503, TeslaErrorKind.ServerError)]
    [InlineData(540, TeslaErrorKind.ServerError)]
    public async Task ErrorStatuses_MapToKinds_WithErrorFields(int status, TeslaErrorKind kind)
    {
        var handler = FakeHttpHandler.Returning((HttpStatusCode)status,
            """{"response":null,"error":"some_error","error_description":"What went wrong"}""");

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => Clients.Tesla(handler).GetSiteInfoAsync(SiteId, Ct));

        Assert.Equal(kind, error.Kind);
        Assert.Equal("some_error", error.Error);
        Assert.Equal("What went wrong", error.ErrorDescription);
    }

    [Fact]
    public async Task Errors_NeverEchoTheBody()
    {
        const string body = """
            {"response":{"serial_number":"TG000000001DA5","address":"1 Secret St"},"error":"internal","error_description":""}
            """;
        var handler = FakeHttpHandler.Returning(HttpStatusCode.InternalServerError, body);

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => Clients.Tesla(handler).GetSiteInfoAsync(SiteId, Ct));

        Assert.DoesNotContain("TG000000001DA5", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("internal", error.Error);
    }

    [Theory]
    [InlineData("""{"response":{"serial_number":"TG000000001DA5","battery_count":"two"}}""")]
    [InlineData("""<html>TG000000001DA5</html>""")]
    [InlineData("""{"count":1}""")]
    [InlineData("""["TG000000001DA5"]""")]
    [InlineData("")]
    public async Task MalformedSuccessBody_IsMalformedResponse_WithoutEchoingIt(string body)
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.OK, body);

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => Clients.Tesla(handler).GetSiteInfoAsync(SiteId, Ct));

        Assert.Equal(TeslaErrorKind.MalformedResponse, error.Kind);
        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TG000000001DA5", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedField_NamesThePath()
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.OK, """{"response":{"battery_count":"two"}}""");

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => Clients.Tesla(handler).GetSiteInfoAsync(SiteId, Ct));

        Assert.Contains("battery_count", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"response":{"code":400,"message":"Invalid tariff"}}""")]
    [InlineData("""{"response":{"result":false,"reason":"busy"}}""")]
    [InlineData("""{"response":false}""")]
    [InlineData("""{"response":null,"error":"invalid_field","error_description":"tariff"}""")]
    public async Task CommandNotApplied_IsCommandRejected(string body)
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.OK, body);

        var error = await Assert.ThrowsAsync<TeslaApiException>(() =>
            Clients.Tesla(handler).SetOperationModeAsync(SiteId, OperationMode.Backup, Ct));

        Assert.Equal(TeslaErrorKind.CommandRejected, error.Kind);
    }

    [Fact]
    public async Task NoToken_FailsWithoutSending()
    {
        var handler = FakeHttpHandler.Returning(HttpStatusCode.OK, "{}");

        var error = await Assert.ThrowsAsync<TeslaApiException>(() => Clients.Tesla(handler, token: " ").GetProductsAsync(Ct));

        Assert.Equal(TeslaErrorKind.NotConfigured, error.Kind);
        Assert.Empty(handler.Requests);
    }
}
