using Grpc.Core;
using TeslaSync.Contracts.Common.V1;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.ServiceTesting;

namespace TeslaSync.Telemetry.FunctionalTests;

/// <summary>
/// Stands in for PriceIngest in-process, serving GetPriceHistory from a rule for each channel (5-minute
/// points over the range asked for), or, when <see cref="Down"/>, answering every call as unreachable.
/// </summary>
public sealed class FakePriceIngest(Func<DateTimeOffset, decimal> general, Func<DateTimeOffset, decimal> feedIn) : UnaryCallInvoker
{
    public bool Down { get; init; }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Task<TResponse> response = Down
            ? Task.FromException<TResponse>(new RpcException(new Status(StatusCode.Unavailable, "PriceIngest is down (test).")))
            : request switch
            {
                GetPriceHistoryRequest history => Task.FromResult((TResponse)(object)History(history)),
                _ => Task.FromException<TResponse>(new RpcException(new Status(StatusCode.Unimplemented, method.FullName))),
            };
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    private GetPriceHistoryResponse History(GetPriceHistoryRequest request)
    {
        if (request.ResolutionMinutes != 5)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The fake serves 5-minute prices only."));
        }

        var price = request.Channel switch
        {
            PriceChannel.General => general,
            PriceChannel.FeedIn => feedIn,
            _ => throw new RpcException(new Status(StatusCode.InvalidArgument, "Choose a channel.")),
        };
        var (from, to) = (request.From.ToDateTimeOffset(), request.To.ToDateTimeOffset());
        var step = TimeSpan.FromMinutes(5);
        var response = new GetPriceHistoryResponse();
        for (var at = new DateTimeOffset(from.UtcTicks - (from.UtcTicks % step.Ticks), TimeSpan.Zero); at < to; at += step)
        {
            var perKwh = DecimalValue.FromDecimal(price(at));
            response.Points.Add(new PriceHistoryPoint
            {
                Start = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(at),
                Minutes = 5,
                MeanPerKwh = perKwh,
                MaxPerKwh = perKwh,
            });
        }

        return response;
    }
}
