using Microsoft.Extensions.Options;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.ServiceDefaults;
using PriceIngestClient = TeslaSync.Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient;

namespace TeslaSync.Gateway.Api;

/// <summary>One Amber interval, prices in $/kWh incl. GST as Amber gives them (feed-in: negative earns).</summary>
public sealed record PriceIntervalDto(
    string? Channel,
    string? Kind,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    decimal? PerKwh,
    decimal? SpotPerKwh,
    string? SpikeStatus,
    string? Descriptor,
    double Renewables,
    bool Estimate,
    string? TariffPeriod);

/// <summary>A set of Amber prices and when PriceIngest received it.</summary>
public sealed record PricesDto(DateTimeOffset? ReceivedAt, IReadOnlyList<PriceIntervalDto> Intervals);

/// <summary>One bucket of price history in $/kWh.</summary>
public sealed record PriceHistoryPointDto(DateTimeOffset? Start, int Minutes, decimal? MeanPerKwh, decimal? MaxPerKwh, bool IncludesForecast);

public sealed record PriceHistoryDto(string Channel, DateTimeOffset From, DateTimeOffset To, int Resolution, IReadOnlyList<PriceHistoryPointDto> Points);

/// <summary>PriceIngest: Amber prices now, the forecast and history.</summary>
internal static class PricesApi
{
    private const string Service = "PriceIngest";

    private static readonly Dictionary<string, PriceChannel> Channels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["general"] = PriceChannel.General,
        ["feedIn"] = PriceChannel.FeedIn,
        ["controlledLoad"] = PriceChannel.ControlledLoad,
    };

    public static RouteGroupBuilder MapPricesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/prices").WithTags("Prices");

        group.MapGet("/current", (PriceIngestClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
                BackendCall.RunAsync(Service,
                    () => client.GetCurrentPricesAsync(new GetCurrentPricesRequest { SiteId = site.Value.Id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    response => new PricesDto(Wire.Time(response.ReceivedAt), Map(response.Intervals))))
            .WithName("GetCurrentPrices")
            .WithSummary("The latest Amber prices: actual, current and forecast intervals of every channel.")
            .Produces<PricesDto>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/forecast", (PriceIngestClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
                BackendCall.RunAsync(Service,
                    () => client.GetForecastAsync(new GetForecastRequest { SiteId = site.Value.Id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    response => new PricesDto(Wire.Time(response.ReceivedAt), Map(response.Intervals))))
            .WithName("GetPriceForecast")
            .WithSummary("Amber's forecast intervals ahead of now.")
            .Produces<PricesDto>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/history", async (string? channel, string? from, string? to, string? resolution,
                PriceIngestClient client, IOptions<SiteOptions> site, TimeProvider time, CancellationToken ct) =>
            {
                var input = new ApiInput();
                var now = time.GetUtcNow();
                var priceChannel = input.Choice("channel", channel, PriceChannel.General, Channels);
                var end = input.Time("to", to, now);
                var start = input.Time("from", from, (end ?? now).AddDays(-7));
                var minutes = input.Integer("resolution", resolution, 30, 1, 1440);
                input.Range("from", start, end);
                if (!input.IsValid)
                {
                    return input.Problem();
                }

                var request = new GetPriceHistoryRequest
                {
                    SiteId = site.Value.Id,
                    Channel = priceChannel!.Value,
                    From = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(start!.Value),
                    To = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(end!.Value),
                    ResolutionMinutes = minutes!.Value,
                };
                return await BackendCall.RunAsync(Service,
                    () => client.GetPriceHistoryAsync(request, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    response => new PriceHistoryDto(Wire.Name(priceChannel.Value)!, start.Value, end.Value, minutes.Value,
                        response.Points.Select(p => new PriceHistoryPointDto(Wire.Time(p.Start), p.Minutes, Wire.Money(p.MeanPerKwh), Wire.Money(p.MaxPerKwh), p.IncludesForecast)).ToList()));
            })
            .WithName("GetPriceHistory")
            .WithSummary("Mean and maximum price per bucket. channel: general|feedIn|controlledLoad (default general); from/to ISO 8601 (default the last 7 days); resolution in minutes: 5, 30, 60 or 1440 (default 30).")
            .Produces<PriceHistoryDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return api;
    }

    private static List<PriceIntervalDto> Map(IEnumerable<PriceInterval> intervals) =>
        intervals.Select(i => new PriceIntervalDto(
            Wire.Name(i.Channel), Wire.Name(i.Kind), Wire.Time(i.Start), Wire.Time(i.End), Wire.Money(i.PerKwh), Wire.Money(i.SpotPerKwh),
            Wire.Name(i.SpikeStatus), Wire.Text(i.PriceDescriptor), i.Renewables, i.Estimate, Wire.Text(i.TariffPeriod))).ToList();
}
