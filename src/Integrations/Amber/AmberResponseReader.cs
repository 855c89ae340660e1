using System.Globalization;
using System.Net;
using System.Text.Json;
using TeslaSync.Integrations.Amber.Wire;

namespace TeslaSync.Integrations.Amber;

/// <summary>Reads the parts of an Amber HTTP response that are not the payload: rate-limit headers and errors.</summary>
internal static class AmberResponseReader
{
    // Amber's error bodies are one short sentence; a longer one is not Amber's and is not echoed.
    private const int MaxEchoedMessageLength = 200;

    public static AmberRateLimit? ReadRateLimit(HttpResponseMessage response)
    {
        var limit = ReadInt(response, "RateLimit-Limit");
        var remaining = ReadInt(response, "RateLimit-Remaining");
        var reset = ReadSeconds(response, "RateLimit-Reset");
        var policy = ReadHeader(response, "RateLimit-Policy");
        return limit is null && remaining is null && reset is null && policy is null
            ? null
            : new AmberRateLimit(limit, remaining, reset, policy);
    }

    public static AmberApiException ToException(HttpResponseMessage response, byte[] body, AmberRateLimit? rateLimit)
    {
        var status = response.StatusCode;
        var kind = (int)status switch
        {
            400 => AmberErrorKind.BadRequest,
            401 => AmberErrorKind.Unauthorized,
            403 => AmberErrorKind.Forbidden,
            404 => AmberErrorKind.NotFound,
            422 => AmberErrorKind.RangeTooLarge,
            429 => AmberErrorKind.RateLimited,
            >= 500 and <= 599 => AmberErrorKind.ServerError,
            _ => AmberErrorKind.UnexpectedStatus,
        };
        var amberMessage = ReadErrorMessage(body);
        var retryAfter = ReadRetryAfter(response, rateLimit);

        var text = $"Amber API returned HTTP {(int)status} {status}: {amberMessage ?? "(no message)"}.";
        if (retryAfter is { } wait)
        {
            text += $" Retry after {wait.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s.";
        }

        return new AmberApiException(kind, text, status, amberMessage, retryAfter);
    }

    public static AmberApiException Malformed(HttpStatusCode status, string problem, Exception? inner = null) =>
        new(AmberErrorKind.MalformedResponse, $"Amber API returned HTTP {(int)status} with a malformed body: {problem}", status, innerException: inner);

    /// <summary>
    /// Retry-After wins when present (delta or date, measured against the server's Date header);
    /// otherwise RateLimit-Reset says when the window reopens. That is how amber-express computes it.
    /// </summary>
    public static TimeSpan? ReadRetryAfter(HttpResponseMessage response, AmberRateLimit? rateLimit)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var now = response.Headers.Date ?? DateTimeOffset.UtcNow;
            return date > now ? date - now : TimeSpan.Zero;
        }

        return rateLimit?.Reset;
    }

    private static string? ReadErrorMessage(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            var message = JsonSerializer.Deserialize(body, AmberJsonContext.Default.AmberErrorDto)?.Message;
            return message is { Length: <= MaxEchoedMessageLength } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ReadHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;

    private static int? ReadInt(HttpResponseMessage response, string name) =>
        int.TryParse(ReadHeader(response, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static TimeSpan? ReadSeconds(HttpResponseMessage response, string name) =>
        double.TryParse(ReadHeader(response, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
