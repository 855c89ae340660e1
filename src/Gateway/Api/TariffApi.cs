using Microsoft.Extensions.Options;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.ServiceDefaults;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.Gateway.Api;

public sealed record TariffPeriodDto(string Name, decimal? BuyPerKwh, decimal? SellPerKwh);

/// <summary>The tariff TariffSync last built for the Powerwall.</summary>
public sealed record TariffDto(string? TimeZone, DateTimeOffset? BuiltAt, IReadOnlyList<TariffPeriodDto> Periods);

/// <summary>One sync attempt; <c>status</c> is succeeded, failed or skipped.</summary>
public sealed record SyncOutcomeDto(string? Status, DateTimeOffset? At, string? Reason, bool ReadBackMatched, string? Action);

public sealed record SyncSettingsDto(bool AutoSync);

/// <summary>Body of <c>PUT /api/sync/settings</c>.</summary>
public sealed record SyncSettingsRequest(bool? AutoSync);

public sealed record ApiCallCountsDto(long DataReads, long Commands);

/// <summary>The Tesla API budget: calls today and this month, costs in dollars.</summary>
public sealed record ApiBudgetDto(
    string? PriceList,
    decimal? MonthlyCeiling,
    ApiCallCountsDto Today,
    ApiCallCountsDto ThisMonth,
    decimal? MonthToDateCost,
    decimal? ProjectedMonthlyCost,
    string? Level,
    int MinReadIntervalSeconds);

/// <summary>TariffSync: the tariff on the Powerwall, syncs and the API budget.</summary>
internal static class TariffApi
{
    private const string Service = "TariffSync";

    public static RouteGroupBuilder MapTariffApi(this RouteGroupBuilder api)
    {
        var tariff = api.MapGroup("").WithTags("Tariff");

        tariff.MapGet("/tariff", (TariffSyncClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
                BackendCall.RunAsync(Service,
                    () => client.GetCurrentTariffAsync(new GetCurrentTariffRequest { SiteId = site.Value.Id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    response => new TariffDto(Wire.Text(response.TimeZone), Wire.Time(response.BuiltAt),
                        response.Periods.Select(p => new TariffPeriodDto(p.Name, Wire.Money(p.BuyPerKwh), Wire.Money(p.SellPerKwh))).ToList())))
            .WithName("GetCurrentTariff")
            .WithSummary("The time-of-use tariff TariffSync built from Amber's prices, per period in $/kWh.")
            .Produces<TariffDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        tariff.MapGet("/sync/last", (TariffSyncClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
                BackendCall.RespondAsync(Service,
                    () => client.GetLastSyncAsync(new GetLastSyncRequest { SiteId = site.Value.Id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    response => response.Last is { } last
                        ? TypedResults.Ok(Map(last))
                        : (IResult)TypedResults.Problem(title: "No sync has run yet.", statusCode: StatusCodes.Status404NotFound)))
            .WithName("GetLastSync")
            .WithSummary("The outcome of the most recent tariff sync; 404 when none has run yet.")
            .Produces<SyncOutcomeDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        tariff.MapPost("/sync", (TariffSyncClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
                BackendCall.RunAsync(Service,
                    () => client.SyncNowAsync(new SyncNowRequest { SiteId = site.Value.Id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    Map))
            .WithName("SyncNow")
            .WithSummary("Builds the tariff from the latest prices and uploads it to the Powerwall now.")
            .Produces<SyncOutcomeDto>().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        tariff.MapGet("/sync/settings", (TariffSyncClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
                BackendCall.RunAsync(Service,
                    () => client.GetSyncSettingsAsync(new GetSyncSettingsRequest { SiteId = site.Value.Id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    response => new SyncSettingsDto(response.AutoSync)))
            .WithName("GetSyncSettings")
            .WithSummary("Whether TariffSync uploads a new tariff automatically when prices change.")
            .Produces<SyncSettingsDto>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        tariff.MapPut("/sync/settings", async (SyncSettingsRequest? body, TariffSyncClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
            {
                if (body?.AutoSync is not { } enabled)
                {
                    return TypedResults.ValidationProblem(
                        new Dictionary<string, string[]> { ["autoSync"] = ["Give autoSync: true or false."] }, title: "The request is not valid.");
                }

                return await BackendCall.RunAsync(Service,
                    () => client.SetAutoSyncAsync(new SetAutoSyncRequest { SiteId = site.Value.Id, Enabled = enabled }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    response => new SyncSettingsDto(response.AutoSync));
            })
            .WithName("SetAutoSync")
            .WithSummary("Turns automatic tariff sync on or off: {\"autoSync\": true}.")
            .Produces<SyncSettingsDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        tariff.MapGet("/budget", (TariffSyncClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
                BackendCall.RunAsync(Service,
                    () => client.GetApiBudgetAsync(new GetApiBudgetRequest { SiteId = site.Value.Id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    b => new ApiBudgetDto(Wire.Text(b.PriceList), Wire.Money(b.MonthlyCeiling), Counts(b.Today), Counts(b.ThisMonth),
                        Wire.Money(b.MonthToDateCost), Wire.Money(b.ProjectedMonthlyCost), Wire.Text(b.Level), b.MinReadIntervalSeconds)))
            .WithName("GetApiBudget")
            .WithSummary("Tesla API calls today and this month, the month-to-date and projected monthly cost, and the budget level.")
            .Produces<ApiBudgetDto>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return api;
    }

    private static SyncOutcomeDto Map(SyncOutcome outcome) =>
        new(Wire.Name(outcome.Status), Wire.Time(outcome.At), Wire.Text(outcome.Reason), outcome.ReadBackMatched, Wire.Text(outcome.Action));

    private static ApiCallCountsDto Counts(ApiCallCounts? counts) => new(counts?.DataReads ?? 0, counts?.Commands ?? 0);
}
