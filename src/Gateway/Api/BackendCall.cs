using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TeslaSync.Contracts.Common.V1;

namespace TeslaSync.Gateway.Api;

/// <summary>
/// Runs one gRPC call for an endpoint and turns its failure into an RFC 7807 problem: a service
/// that is down or too slow is 503 naming it; the service's own refusals keep their meaning.
/// </summary>
internal static class BackendCall
{
    /// <summary>How long an API request waits for a service before answering 503.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>A transport deadline is wall-clock time, whatever clock the rest of the logic runs on.</summary>
    public static DateTime Deadline() => DateTime.UtcNow + Timeout;

    public static async Task<IResult> RespondAsync<TResponse>(string service, Func<Task<TResponse>> call, Func<TResponse, IResult> map)
    {
        TResponse response;
        try
        {
            response = await call();
        }
        catch (RpcException exception)
        {
            return Problem(service, exception);
        }

        return map(response);
    }

    public static Task<IResult> RunAsync<TResponse, TDto>(string service, Func<Task<TResponse>> call, Func<TResponse, TDto> map) =>
        RespondAsync(service, call, response => TypedResults.Ok(map(response)));

    internal static IResult Problem(string service, RpcException exception) => exception.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => TypedResults.Problem(
            title: $"{service} is not reachable.",
            detail: $"The {service} service did not answer; try again shortly.",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?> { ["service"] = service }),
        StatusCode.InvalidArgument => TypedResults.Problem(
            title: "The request is not valid.", detail: exception.Status.Detail, statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["service"] = service }),
        StatusCode.NotFound => TypedResults.Problem(
            title: "Not found.", detail: exception.Status.Detail, statusCode: StatusCodes.Status404NotFound,
            extensions: new Dictionary<string, object?> { ["service"] = service }),
        StatusCode.FailedPrecondition => TypedResults.Problem(
            title: "Not possible now.", detail: exception.Status.Detail, statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["service"] = service }),
        _ => TypedResults.Problem(
            title: $"{service} failed.", detail: exception.Status.Detail, statusCode: StatusCodes.Status502BadGateway,
            extensions: new Dictionary<string, object?> { ["service"] = service, ["grpcStatus"] = exception.StatusCode.ToString() }),
    };
}

/// <summary>Wire-to-JSON conversions shared by the endpoint groups.</summary>
internal static class Wire
{
    public static DateTimeOffset? Time(Timestamp? timestamp) => timestamp?.ToDateTimeOffset();

    public static decimal? Money(DecimalValue? value) => value is null ? null : (decimal)value;

    /// <summary>An empty proto3 string is "not set".</summary>
    public static string? Text(string value) => value.Length > 0 ? value : null;

    /// <summary>A proto enum value as the API writes it: <c>FeedIn</c> → <c>feedIn</c>; unspecified → null.</summary>
    public static string? Name<TEnum>(TEnum value)
        where TEnum : struct, System.Enum =>
        Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0
            ? null
            : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
