using System.Globalization;
using System.Net;
using System.Text.Json;
using TeslaSync.Integrations.Tesla.Wire;

namespace TeslaSync.Integrations.Tesla;

/// <summary>
/// Unwraps Tesla's envelope and turns failures into <see cref="TeslaApiException"/>. Exception
/// messages are built from the status and the short error fields only, never from the body.
/// </summary>
internal static class TeslaResponseReader
{
    // Tesla's error strings are short; anything longer is not echoed in case it carries data.
    private const int MaxEchoedFieldLength = 300;

    public static TeslaApiException ToException(HttpResponseMessage response, byte[] body)
    {
        var status = response.StatusCode;
        var kind = (int)status switch
        {
            401 => TeslaErrorKind.Unauthorized,
            402 => TeslaErrorKind.PaymentRequired,
            403 => TeslaErrorKind.Forbidden,
            404 => TeslaErrorKind.NotFound,
            408 => TeslaErrorKind.DeviceOffline,
            421 => TeslaErrorKind.WrongRegion,
            429 => TeslaErrorKind.RateLimited,
            >= 500 => TeslaErrorKind.ServerError,
            _ => TeslaErrorKind.BadRequest,
        };
        var (error, description) = ReadErrorFields(body);
        var retryAfter = ReadRetryAfter(response);

        var text = $"Tesla API returned HTTP {(int)status} {status}";
        text += error is null ? "." : $": {error}";
        if (description is not null)
        {
            text += $" ({description})";
        }

        if (retryAfter is { } wait)
        {
            text += $" Retry after {wait.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s.";
        }

        return new TeslaApiException(kind, text, status, error, description, retryAfter);
    }

    /// <summary>Parses a success body and returns a copy of its <c>response</c> element.</summary>
    public static JsonElement ReadResponseElement(HttpStatusCode status, byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw Malformed(status, $"not valid JSON (line {ex.LineNumber}, byte {ex.BytePositionInLine})", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(status, $"expected the response envelope object, found {root.ValueKind}");
            }

            if (root.TryGetProperty("response", out var response) && response.ValueKind != JsonValueKind.Null)
            {
                return response.Clone();
            }

            // A success status with an error in the envelope: the request was not carried out.
            var (error, description) = ReadErrorFields(root);
            if (error is not null)
            {
                throw new TeslaApiException(TeslaErrorKind.CommandRejected,
                    $"Tesla API returned HTTP {(int)status} without a response: {error}" + (description is null ? string.Empty : $" ({description})"),
                    status, error, description);
            }

            throw Malformed(status, "the envelope has no 'response'");
        }
    }

    /// <summary>Deserializes a payload, naming only the offending JSON path on failure.</summary>
    public static T Deserialize<T>(HttpStatusCode status, JsonElement element, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return element.Deserialize(typeInfo) ?? throw Malformed(status, "the response is null");
        }
        catch (JsonException ex)
        {
            throw Malformed(status, $"field '{ex.Path}' does not have the documented type", ex);
        }
    }

    public static TeslaApiException Malformed(HttpStatusCode status, string problem, Exception? inner = null) =>
        new(TeslaErrorKind.MalformedResponse, $"Tesla API returned HTTP {(int)status} with a malformed body: {problem}.", status, innerException: inner);

    private static (string? Error, string? Description) ReadErrorFields(byte[] body)
    {
        if (body.Length == 0)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? ReadErrorFields(document.RootElement) : (null, null);
        }
        catch (JsonException)
        {
            // Gateways answer some errors with HTML or plain text; the status alone must do.
            return (null, null);
        }
    }

    private static (string? Error, string? Description) ReadErrorFields(JsonElement root)
    {
        TeslaErrorDto? dto;
        try
        {
            dto = root.Deserialize(TeslaJsonContext.Default.TeslaErrorDto);
        }
        catch (JsonException)
        {
            return (null, null);
        }

        return (Echoable(dto?.Error), Echoable(dto?.ErrorDescription));
    }

    private static string? Echoable(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.Length > MaxEchoedFieldLength ? null : value;

    private static TimeSpan? ReadRetryAfter(HttpResponseMessage response)
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

        return null;
    }
}
