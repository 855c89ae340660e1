using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TeslaSync.Contracts.Common.V1;
using TeslaSync.Contracts.Mapping;
using TeslaSync.Contracts.PriceIngest.V1;
using DomainChannel = TeslaSync.Domain.Prices.PriceChannel;
using DomainKind = TeslaSync.Domain.Prices.IntervalKind;

namespace TeslaSync.PriceIngest.Grpc;

/// <summary>The forecast, price history and daily maxima.</summary>
internal sealed partial class PriceIngestService
{
    private static readonly int[] Resolutions = [5, 30, 60, 1440];
    private static readonly TimeSpan LongestRange = TimeSpan.FromDays(400);

    public override async Task<GetForecastResponse> GetForecast(GetForecastRequest request, ServerCallContext context)
    {
        var siteId = SiteIdOf(request.SiteId);
        var latest = await store.LatestAsync(siteId, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"No prices have been received for site '{siteId}' yet."));

        var response = new GetForecastResponse { SiteId = siteId, ReceivedAt = Timestamp.FromDateTimeOffset(latest.ReceivedAt) };
        response.Intervals.AddRange(latest.Intervals.Where(i => i.Kind != DomainKind.Actual).Select(i => i.ToMessage()));
        return response;
    }

    public override async Task<GetPriceHistoryResponse> GetPriceHistory(GetPriceHistoryRequest request, ServerCallContext context)
    {
        var siteId = SiteIdOf(request.SiteId);
        var resolution = request.ResolutionMinutes == 0 ? 30 : request.ResolutionMinutes;
        if (!Resolutions.Contains(resolution))
        {
            throw Invalid($"resolution_minutes must be one of {string.Join(", ", Resolutions)}.");
        }

        var (from, to) = (request.From?.ToDateTimeOffset(), request.To?.ToDateTimeOffset());
        if (from is null || to is null || to <= from || to - from > LongestRange)
        {
            throw Invalid($"Give a range with from before to, at most {LongestRange.TotalDays:0} days long.");
        }

        var channel = request.Channel switch
        {
            PriceChannel.General => DomainChannel.General,
            PriceChannel.FeedIn => DomainChannel.FeedIn,
            PriceChannel.ControlledLoad => DomainChannel.ControlledLoad,
            _ => throw Invalid("Choose a channel: general, feed-in or controlled load."),
        };

        var points = await history.QueryAsync(siteId, channel, from.Value, to.Value, TimeSpan.FromMinutes(resolution), context.CancellationToken);
        var response = new GetPriceHistoryResponse();
        response.Points.AddRange(points.Select(point => new PriceHistoryPoint
        {
            Start = Timestamp.FromDateTimeOffset(point.Start),
            Minutes = resolution,
            MeanPerKwh = DecimalValue.FromDecimal(point.MeanPerKwh),
            MaxPerKwh = DecimalValue.FromDecimal(point.MaxPerKwh),
            IncludesForecast = point.IncludesForecast,
        }));
        return response;
    }

    public override async Task<GetDailyMaximaResponse> GetDailyMaxima(GetDailyMaximaRequest request, ServerCallContext context)
    {
        var siteId = SiteIdOf(request.SiteId);
        if (!DateOnly.TryParseExact(request.FromDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            || !DateOnly.TryParseExact(request.ToDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last)
            || last < first || last.DayNumber - first.DayNumber > LongestRange.TotalDays)
        {
            throw Invalid($"Give from_date and to_date as yyyy-MM-dd, in order, at most {LongestRange.TotalDays:0} days apart.");
        }

        var days = await history.DailyMaximaAsync(siteId, first, last, context.CancellationToken);
        var response = new GetDailyMaximaResponse();
        response.Days.AddRange(days.Select(day => new DailyMaximum
        {
            NemDate = day.NemDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            GeneralMaxPerKwh = day.GeneralMaxPerKwh is { } general ? DecimalValue.FromDecimal(general) : null,
            FeedInMaxPerKwh = day.FeedInMaxPerKwh is { } feedIn ? DecimalValue.FromDecimal(feedIn) : null,
        }));
        return response;
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
