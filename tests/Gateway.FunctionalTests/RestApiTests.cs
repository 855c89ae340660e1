using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TeslaSync.Contracts.Common.V1;
using TeslaSync.Contracts.GridEvents.V1;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Contracts.Telemetry.V1;
using TeslaSync.ServiceTesting;
using GatewayAssembly = TeslaSync.Gateway.ServiceAssembly;

namespace TeslaSync.Gateway.FunctionalTests;

/// <summary>Each REST endpoint against a fake service with a known answer: the JSON it maps to, and the request it sends.</summary>
public sealed class RestApiTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 15, 3, 30, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetCurrentPrices_MapsEveryInterval()
    {
        var priceIngest = new FakeBackend().Answer<GetCurrentPricesRequest, GetCurrentPricesResponse>("GetCurrentPrices", _ => new GetCurrentPricesResponse
        {
            ReceivedAt = Timestamp.FromDateTimeOffset(At),
            Intervals =
            {
                new PriceInterval
                {
                    Channel = PriceChannel.FeedIn, Kind = IntervalKind.Current, Start = Timestamp.FromDateTimeOffset(At),
                    End = Timestamp.FromDateTimeOffset(At.AddMinutes(30)), PerKwh = DecimalValue.FromDecimal(-0.0825m),
                    SpotPerKwh = DecimalValue.FromDecimal(0.05m), SpikeStatus = SpikeStatus.Potential, PriceDescriptor = "high",
                    Renewables = 41.5, TariffPeriod = "peak",
                },
            },
        });
        await using var gateway = GatewayHost.WithFakes(priceIngest: priceIngest);
        using var http = await gateway.CreateSignedInClientAsync();

        var prices = await http.GetFromJsonAsync<JsonObject>("/api/prices/current", Ct);

        Assert.Equal("2026-01-15T03:30:00+00:00", (string?)prices!["receivedAt"]);
        var interval = prices["intervals"]![0]!;
        Assert.Equal("feedIn", (string?)interval["channel"]);
        Assert.Equal("current", (string?)interval["kind"]);
        Assert.Equal(-0.0825m, (decimal)interval["perKwh"]!);
        Assert.Equal(0.05m, (decimal)interval["spotPerKwh"]!);
        Assert.Equal("potential", (string?)interval["spikeStatus"]);
        Assert.Equal("high", (string?)interval["descriptor"]);
        Assert.Equal(41.5, (double)interval["renewables"]!);
        Assert.Equal("peak", (string?)interval["tariffPeriod"]);
        Assert.Equal("2026-01-15T04:00:00+00:00", (string?)interval["end"]);
        Assert.Equal("home", priceIngest.Single<GetCurrentPricesRequest>().SiteId);
    }

    [Fact]
    public async Task GetPriceHistory_PassesTheQueryAndMapsThePoints()
    {
        var priceIngest = new FakeBackend().Answer<GetPriceHistoryRequest, GetPriceHistoryResponse>("GetPriceHistory", _ => new GetPriceHistoryResponse
        {
            Points = { new PriceHistoryPoint { Start = Timestamp.FromDateTimeOffset(At), Minutes = 60, MeanPerKwh = DecimalValue.FromDecimal(0.21m), MaxPerKwh = DecimalValue.FromDecimal(0.35m) } },
        });
        await using var gateway = GatewayHost.WithFakes(priceIngest: priceIngest);
        using var http = await gateway.CreateSignedInClientAsync();

        var history = await http.GetFromJsonAsync<JsonObject>("/api/prices/history?channel=feedin&from=2026-01-14T00:00:00Z&to=2026-01-15T00:00:00Z&resolution=60", Ct);

        var request = priceIngest.Single<GetPriceHistoryRequest>();
        Assert.Equal(PriceChannel.FeedIn, request.Channel);
        Assert.Equal(new DateTimeOffset(2026, 1, 14, 0, 0, 0, TimeSpan.Zero), request.From.ToDateTimeOffset());
        Assert.Equal(60, request.ResolutionMinutes);
        Assert.Equal("feedIn", (string?)history!["channel"]);
        Assert.Equal(0.21m, (decimal)history["points"]![0]!["meanPerKwh"]!);
        Assert.Equal(0.35m, (decimal)history["points"]![0]!["maxPerKwh"]!);
    }

    [Theory]
    [InlineData("/api/prices/history?channel=gas", "channel")]
    [InlineData("/api/prices/history?from=yesterday", "from")]
    [InlineData("/api/prices/history?from=2026-01-15T00:00:00Z&to=2026-01-14T00:00:00Z", "from")]
    [InlineData("/api/prices/history?resolution=0", "resolution")]
    [InlineData("/api/grid/events?limit=0", "limit")]
    [InlineData("/api/grid/events?limit=many", "limit")]
    [InlineData("/api/energy/history?to=soon", "to")]
    [InlineData("/api/energy/summary?period=fortnight", "period")]
    [InlineData("/api/energy/summary?date=15/01/2026", "date")]
    [InlineData("/api/costs?from=2026-02-01&to=2026-01-01", "from")]
    public async Task BadQuery_IsAValidationProblemNamingTheField(string url, string field)
    {
        var backend = new FakeBackend();
        await using var gateway = GatewayHost.WithFakes(backend, backend, backend, backend);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.GetAsync(new Uri(url, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal(400, (int)problem!["status"]!);
        Assert.NotEmpty(problem["errors"]![field]!.AsArray());
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task TariffEndpoints_MapTheTariffSyncAnswers()
    {
        var outcome = new SyncOutcome { Status = SyncStatus.Failed, At = Timestamp.FromDateTimeOffset(At), Reason = "Tesla said no.", Action = "upload" };
        var tariffSync = new FakeBackend()
            .Answer<GetCurrentTariffRequest, GetCurrentTariffResponse>("GetCurrentTariff", _ => new GetCurrentTariffResponse
            {
                TimeZone = "Australia/Adelaide",
                BuiltAt = Timestamp.FromDateTimeOffset(At),
                Periods = { new TariffPeriod { Name = "PERIOD_10_00", BuyPerKwh = DecimalValue.FromDecimal(0.31m), SellPerKwh = DecimalValue.FromDecimal(0.07m) } },
            })
            .Answer<GetLastSyncRequest, GetLastSyncResponse>("GetLastSync", _ => new GetLastSyncResponse { Last = outcome })
            .Answer<SyncNowRequest, SyncOutcome>("SyncNow", _ => new SyncOutcome { Status = SyncStatus.Succeeded, At = Timestamp.FromDateTimeOffset(At), ReadBackMatched = true })
            .Answer<GetApiBudgetRequest, ApiBudget>("GetApiBudget", _ => new ApiBudget
            {
                PriceList = "teslemetry", MonthlyCeiling = DecimalValue.FromDecimal(10m), Today = new ApiCallCounts { DataReads = 120, Commands = 3 },
                ThisMonth = new ApiCallCounts { DataReads = 1800, Commands = 40 }, MonthToDateCost = DecimalValue.FromDecimal(1.25m),
                ProjectedMonthlyCost = DecimalValue.FromDecimal(2.5m), Level = "normal", MinReadIntervalSeconds = 30,
            })
            .Answer<SetAutoSyncRequest, SyncSettings>("SetAutoSync", request => new SyncSettings { AutoSync = request.Enabled });
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        var tariff = await http.GetFromJsonAsync<JsonObject>("/api/tariff", Ct);
        var last = await http.GetFromJsonAsync<JsonObject>("/api/sync/last", Ct);
        using var syncResponse = await http.PostAsync(new Uri("/api/sync", UriKind.Relative), null, Ct);
        var sync = await syncResponse.Content.ReadFromJsonAsync<JsonObject>(Ct);
        var budget = await http.GetFromJsonAsync<JsonObject>("/api/budget", Ct);
        using var settingsResponse = await http.PutAsJsonAsync("/api/sync/settings", new { autoSync = false }, Ct);
        var settings = await settingsResponse.Content.ReadFromJsonAsync<JsonObject>(Ct);

        Assert.Equal("Australia/Adelaide", (string?)tariff!["timeZone"]);
        Assert.Equal(0.31m, (decimal)tariff["periods"]![0]!["buyPerKwh"]!);
        Assert.Equal(0.07m, (decimal)tariff["periods"]![0]!["sellPerKwh"]!);
        Assert.Equal("failed", (string?)last!["status"]);
        Assert.Equal("Tesla said no.", (string?)last["reason"]);
        Assert.Equal("upload", (string?)last["action"]);
        Assert.Equal(HttpStatusCode.OK, syncResponse.StatusCode);
        Assert.Equal("succeeded", (string?)sync!["status"]);
        Assert.True((bool)sync["readBackMatched"]!);
        Assert.Null(sync["reason"]);
        Assert.Equal(2.5m, (decimal)budget!["projectedMonthlyCost"]!);
        Assert.Equal(1.25m, (decimal)budget["monthToDateCost"]!);
        Assert.Equal(120, (long)budget["today"]!["dataReads"]!);
        Assert.Equal(40, (long)budget["thisMonth"]!["commands"]!);
        Assert.False((bool)settings!["autoSync"]!);
        Assert.False(tariffSync.Single<SetAutoSyncRequest>().Enabled);
    }

    [Fact]
    public async Task GetLastSync_NoneYet_IsNotFound()
    {
        var tariffSync = new FakeBackend().Answer<GetLastSyncRequest, GetLastSyncResponse>("GetLastSync", _ => new GetLastSyncResponse());
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.GetAsync(new Uri("/api/sync/last", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("No sync has run yet.", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["title"]);
    }

    [Fact]
    public async Task SetAutoSync_WithoutAValue_IsAValidationProblem()
    {
        var tariffSync = new FakeBackend();
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PutAsJsonAsync("/api/sync/settings", new { }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!["autoSync"]);
        Assert.Empty(tariffSync.Requests);
    }

    [Fact]
    public async Task GridEndpoints_MapTheGridEventsAnswers()
    {
        var gridEvents = new FakeBackend()
            .Answer<GetStatusRequest, GetStatusResponse>("GetStatus", _ => new GetStatusResponse
            {
                SpikeState = SpikeState.Spike, Since = Timestamp.FromDateTimeOffset(At), AemoPricePerMwh = DecimalValue.FromDecimal(5400.12m),
                SpikeUntil = Timestamp.FromDateTimeOffset(At.AddMinutes(30)), SpikeEnabled = true, SpikeThresholdPerMwh = DecimalValue.FromDecimal(300m),
                Curtailed = false, DemandWindowEnabled = true, DemandWindow = "16:00–21:00 Monday to Friday",
            })
            .Answer<GetEventLogRequest, GetEventLogResponse>("GetEventLog", _ => new GetEventLogResponse
            {
                Decisions =
                {
                    new GridDecision
                    {
                        Id = 7, At = Timestamp.FromDateTimeOffset(At), Machine = "spike", Trigger = "aemo-price", Input = DecimalValue.FromDecimal(5400m),
                        Threshold = DecimalValue.FromDecimal(300m), StateBefore = "normal", StateAfter = "spike", Reason = "5400 > 300", Action = "apply-spike-tariff",
                        Outcome = "applied", Succeeded = true,
                    },
                },
            })
            .Answer<StartForceRequest, ForceStatus>("StartForce", request => new ForceStatus
            {
                Direction = request.Direction, Until = Timestamp.FromDateTimeOffset(At.AddMinutes(request.Minutes)), Outcome = "applied",
            })
            .Answer<CancelForceRequest, ForceStatus>("CancelForce", _ => new ForceStatus { Outcome = "released" });
        await using var gateway = GatewayHost.WithFakes(gridEvents: gridEvents);
        using var http = await gateway.CreateSignedInClientAsync();

        var status = await http.GetFromJsonAsync<JsonObject>("/api/grid/status", Ct);
        var log = await http.GetFromJsonAsync<JsonArray>("/api/grid/events?limit=5", Ct);
        using var forceResponse = await http.PostAsJsonAsync("/api/grid/force", new { direction = "discharge", minutes = 30 }, Ct);
        var force = await forceResponse.Content.ReadFromJsonAsync<JsonObject>(Ct);
        using var cancelResponse = await http.DeleteAsync(new Uri("/api/grid/force", UriKind.Relative), Ct);
        var cancel = await cancelResponse.Content.ReadFromJsonAsync<JsonObject>(Ct);

        Assert.Equal("spike", (string?)status!["spikeState"]);
        Assert.Equal(5400.12m, (decimal)status["aemoPricePerMwh"]!);
        Assert.Equal("2026-01-15T04:00:00+00:00", (string?)status["spikeUntil"]);
        Assert.Null(status["curtailedSince"]);
        Assert.Equal("16:00–21:00 Monday to Friday", (string?)status["demandWindow"]);
        Assert.Equal(5, gridEvents.Single<GetEventLogRequest>().Limit);
        Assert.Equal("5400 > 300", (string?)log![0]!["reason"]);
        Assert.Equal(300m, (decimal)log[0]!["threshold"]!);
        Assert.Equal(HttpStatusCode.OK, forceResponse.StatusCode);
        Assert.Equal(ForceDirection.Discharge, gridEvents.Single<StartForceRequest>().Direction);
        Assert.Equal(30, gridEvents.Single<StartForceRequest>().Minutes);
        Assert.Equal("discharge", (string?)force!["direction"]);
        Assert.Equal("2026-01-15T04:00:00+00:00", (string?)force["until"]);
        Assert.Null(cancel!["direction"]);
        Assert.Equal("released", (string?)cancel["outcome"]);
    }

    [Theory]
    [InlineData("{\"direction\":\"sideways\",\"minutes\":30}", "direction")]
    [InlineData("{\"minutes\":30}", "direction")]
    [InlineData("{\"direction\":\"charge\",\"minutes\":0}", "minutes")]
    [InlineData("{\"direction\":\"charge\"}", "minutes")]
    [InlineData("{\"direction\":\"charge\",\"minutes\":100000}", "minutes")]
    public async Task StartForce_BadBody_IsAValidationProblem(string body, string field)
    {
        var gridEvents = new FakeBackend();
        await using var gateway = GatewayHost.WithFakes(gridEvents: gridEvents);
        using var http = await gateway.CreateSignedInClientAsync();

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/api/grid/force", UriKind.Relative), content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]![field]);
        Assert.Empty(gridEvents.Requests);
    }

    [Fact]
    public async Task TelemetryEndpoints_MapTheTelemetryAnswers()
    {
        var totals = new CostTotals
        {
            ImportKwh = 12.5, ExportKwh = 4, ImportCost = DecimalValue.FromDecimal(3.75m), ExportEarnings = DecimalValue.FromDecimal(0.32m),
            NetCost = DecimalValue.FromDecimal(3.43m), Intervals = 48,
        };
        var telemetry = new FakeBackend()
            .Answer<GetLiveStatusRequest, GetLiveStatusResponse>("GetLiveStatus", _ => new GetLiveStatusResponse
            {
                Available = true, SampledAt = Timestamp.FromDateTimeOffset(At), SolarPowerW = 4200, BatteryPowerW = -1500, GridPowerW = 0,
                LoadPowerW = 2700, StateOfChargePercent = 64.5, GridStatus = "Active", OperationMode = "autonomous", BackupReservePercent = 20,
            })
            .Answer<GetEnergyHistoryRequest, GetEnergyHistoryResponse>("GetEnergyHistory", request => new GetEnergyHistoryResponse
            {
                ResolutionMinutes = request.ResolutionMinutes, TimeZone = "Australia/Adelaide",
                Points = { new EnergyHistoryPoint { Start = request.From, End = request.To, Energy = new EnergyFlows { SolarWh = 1000, HomeWh = 800 }, CoveredSeconds = 3600, LocalDate = "2026-01-15" } },
            })
            .Answer<GetEnergySummaryRequest, GetEnergySummaryResponse>("GetEnergySummary", request => new GetEnergySummaryResponse
            {
                Period = request.Period, FirstDate = "2026-01-01", LastDate = "2026-01-31", Energy = new EnergyFlows { GridImportWh = 5000 },
                SelfSufficiencyPercent = 81.5, Complete = false,
                Reconciliation = new Reconciliation { Status = ReconciliationStatus.Pending, Reason = "Tesla's history is read after midnight." },
            })
            .Answer<GetCostsRequest, GetCostsResponse>("GetCosts", _ => new GetCostsResponse
            {
                TimeZone = "Australia/Adelaide", Days = { new DailyCost { Date = "2026-01-14", Totals = totals } }, MonthFirstDate = "2026-01-01",
                MonthToDate = totals, AsOf = Timestamp.FromDateTimeOffset(At), CostAvailable = true,
            })
            .Answer<GetBillEstimateRequest, GetBillEstimateResponse>("GetBillEstimate", _ => new GetBillEstimateResponse
            {
                CycleFirstDate = "2026-01-01", CycleLastDate = "2026-01-31", CycleDays = 31, DaysElapsed = 14, Energy = totals,
                EnergyCost = DecimalValue.FromDecimal(52.4m), DemandCharge = DecimalValue.FromDecimal(12.6m), Total = DecimalValue.FromDecimal(81.07m),
                Demand = { new WindowDemand { Name = "peak", PeakKw = 4.2, RatePerKw = DecimalValue.FromDecimal(0.3m), Charge = DecimalValue.FromDecimal(12.6m) } },
                CostAvailable = true,
            });
        await using var gateway = GatewayHost.WithFakes(telemetry: telemetry);
        using var http = await gateway.CreateSignedInClientAsync();

        var live = await http.GetFromJsonAsync<JsonObject>("/api/powerwall/live", Ct);
        var history = await http.GetFromJsonAsync<JsonObject>("/api/energy/history?from=2026-01-15T00:00:00Z&to=2026-01-15T01:00:00Z&resolution=60", Ct);
        var summary = await http.GetFromJsonAsync<JsonObject>("/api/energy/summary?period=month&date=2026-01-15", Ct);
        var costs = await http.GetFromJsonAsync<JsonObject>("/api/costs?from=2026-01-14&to=2026-01-14", Ct);
        var bill = await http.GetFromJsonAsync<JsonObject>("/api/bill", Ct);

        Assert.Equal(64.5, (double)live!["stateOfChargePercent"]!);
        Assert.Equal(-1500, (double)live["batteryPowerW"]!);
        Assert.Equal(20, (double)live["backupReservePercent"]!);
        Assert.Equal("autonomous", (string?)live["operationMode"]);
        Assert.Null(live["settingsReadAt"]);
        Assert.Equal(60, (int)history!["resolution"]!);
        Assert.Equal(1000, (double)history["points"]![0]!["energy"]!["solarWh"]!);
        Assert.Equal("2026-01-15T01:00:00+00:00", (string?)history["points"]![0]!["end"]);
        Assert.Equal(SummaryPeriod.Month, telemetry.Single<GetEnergySummaryRequest>().Period);
        Assert.Equal("2026-01-15", telemetry.Single<GetEnergySummaryRequest>().Date);
        Assert.Equal("month", (string?)summary!["period"]);
        Assert.Equal(81.5, (double)summary["selfSufficiencyPercent"]!);
        Assert.Null(summary["completenessPercent"]);
        Assert.Equal("pending", (string?)summary["reconciliation"]!["status"]);
        Assert.Equal("2026-01-14", telemetry.Single<GetCostsRequest>().FromDate);
        Assert.Equal(3.75m, (decimal)costs!["days"]![0]!["totals"]!["importCost"]!);
        Assert.Equal(3.43m, (decimal)costs["monthToDate"]!["netCost"]!);
        Assert.Equal(81.07m, (decimal)bill!["total"]!);
        Assert.Equal(12.6m, (decimal)bill["demand"]![0]!["charge"]!);
        Assert.Equal(14, (int)bill["daysElapsed"]!);
    }

    [Fact]
    public async Task GetLiveStatus_ExportRuleAndFirmware_MappedWhenKnownAndNullUntilRead()
    {
        var read = new GetLiveStatusResponse
        {
            Available = true, SampledAt = Timestamp.FromDateTimeOffset(At), OperationMode = "autonomous", BackupReservePercent = 20,
            SettingsReadAt = Timestamp.FromDateTimeOffset(At.AddMinutes(-10)), ExportRule = "pv_only", FirmwareVersion = "24.4.0 0fe780c9",
        };
        var responses = new Queue<GetLiveStatusResponse>([read, new GetLiveStatusResponse { Available = true, SampledAt = Timestamp.FromDateTimeOffset(At) }]);
        var telemetry = new FakeBackend().Answer<GetLiveStatusRequest, GetLiveStatusResponse>("GetLiveStatus", _ => responses.Dequeue());
        await using var gateway = GatewayHost.WithFakes(telemetry: telemetry);
        using var http = await gateway.CreateSignedInClientAsync();

        var known = await http.GetFromJsonAsync<JsonObject>("/api/powerwall/live", Ct);
        var unread = await http.GetFromJsonAsync<JsonObject>("/api/powerwall/live", Ct);

        Assert.Equal("pv_only", (string?)known!["exportRule"]);
        Assert.Equal("24.4.0 0fe780c9", (string?)known["firmwareVersion"]);
        Assert.Equal("2026-01-15T03:20:00+00:00", (string?)known["settingsReadAt"]);
        Assert.True(unread!.ContainsKey("exportRule"));
        Assert.Null(unread["exportRule"]);
        Assert.True(unread.ContainsKey("firmwareVersion"));
        Assert.Null(unread["firmwareVersion"]);
    }

    [Fact]
    public async Task GetCosts_NoDates_AsksTelemetryForItsDefaultMonthToDate()
    {
        var totals = new CostTotals { ImportKwh = 30, ImportCost = DecimalValue.FromDecimal(9.5m), NetCost = DecimalValue.FromDecimal(9.5m), Intervals = 4032 };
        var telemetry = new FakeBackend().Answer<GetCostsRequest, GetCostsResponse>("GetCosts", _ => new GetCostsResponse
        {
            TimeZone = "Australia/Adelaide", MonthFirstDate = "2026-01-01", MonthToDate = totals, AsOf = Timestamp.FromDateTimeOffset(At), CostAvailable = true,
            Days = { new DailyCost { Date = "2026-01-01", Totals = totals } },
        });
        await using var gateway = GatewayHost.WithFakes(telemetry: telemetry);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.GetAsync(new Uri("/api/costs", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = telemetry.Single<GetCostsRequest>();
        Assert.Equal("home", request.SiteId);
        // Empty: Telemetry resolves "today" in the site's zone, which the Gateway may not know.
        Assert.Equal("", request.FromDate);
        Assert.Equal("", request.ToDate);
        var costs = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal("2026-01-01", (string?)costs!["monthFirstDate"]);
        Assert.Equal(9.5m, (decimal)costs["monthToDate"]!["importCost"]!);
        Assert.Equal("2026-01-01", (string?)costs["days"]![0]!["date"]);
    }

    [Fact]
    public async Task GetCosts_OnlyTo_PassesItAndLeavesFromToTelemetry()
    {
        var telemetry = new FakeBackend().Answer<GetCostsRequest, GetCostsResponse>("GetCosts", _ => new GetCostsResponse { CostAvailable = true });
        await using var gateway = GatewayHost.WithFakes(telemetry: telemetry);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.GetAsync(new Uri("/api/costs?to=2025-12-31", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", telemetry.Single<GetCostsRequest>().FromDate);
        Assert.Equal("2025-12-31", telemetry.Single<GetCostsRequest>().ToDate);
    }

    [Theory]
    [InlineData("/api/prices/current", "PriceIngest")]
    [InlineData("/api/prices/forecast", "PriceIngest")]
    [InlineData("/api/prices/history", "PriceIngest")]
    [InlineData("/api/tariff", "TariffSync")]
    [InlineData("/api/sync/last", "TariffSync")]
    [InlineData("/api/sync/settings", "TariffSync")]
    [InlineData("/api/budget", "TariffSync")]
    [InlineData("/api/grid/status", "GridEvents")]
    [InlineData("/api/grid/events", "GridEvents")]
    [InlineData("/api/powerwall/live", "Telemetry")]
    [InlineData("/api/energy/history", "Telemetry")]
    [InlineData("/api/energy/summary", "Telemetry")]
    [InlineData("/api/costs", "Telemetry")]
    [InlineData("/api/bill", "Telemetry")]
    public async Task ServiceDown_IsServiceUnavailableNamingIt(string url, string service)
    {
        // The real gRPC clients, pointed at ports where nothing listens.
        await using var gateway = new ServiceFactory<GatewayAssembly>(GatewayHost.UnreachableServices());
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.GetAsync(new Uri(url, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal($"{service} is not reachable.", (string?)problem!["title"]);
        Assert.Equal(service, (string?)problem["service"]);
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, HttpStatusCode.ServiceUnavailable)]
    [InlineData(StatusCode.DeadlineExceeded, HttpStatusCode.ServiceUnavailable)]
    [InlineData(StatusCode.InvalidArgument, HttpStatusCode.BadRequest)]
    [InlineData(StatusCode.NotFound, HttpStatusCode.NotFound)]
    [InlineData(StatusCode.FailedPrecondition, HttpStatusCode.Conflict)]
    [InlineData(StatusCode.Internal, HttpStatusCode.BadGateway)]
    public async Task ServiceRefusal_KeepsItsMeaning(StatusCode grpcStatus, HttpStatusCode httpStatus)
    {
        var gridEvents = new FakeBackend { FailWith = grpcStatus };
        await using var gateway = GatewayHost.WithFakes(gridEvents: gridEvents);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PostAsJsonAsync("/api/grid/force", new { direction = "charge", minutes = 10 }, Ct);

        Assert.Equal(httpStatus, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal((int)httpStatus, (int)problem!["status"]!);
        Assert.Equal("GridEvents", (string?)problem["service"]);
        if (grpcStatus is not (StatusCode.Unavailable or StatusCode.DeadlineExceeded))
        {
            Assert.Equal($"StartForce refused: {grpcStatus}.", (string?)problem["detail"]);
        }
    }
}
