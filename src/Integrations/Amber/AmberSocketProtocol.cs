using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeslaSync.Integrations.Amber;

/// <summary>A message received on Amber's live-prices WebSocket.</summary>
public abstract record AmberSocketMessage;

/// <summary>Reply to a subscribe request; any status other than 200 means the subscription failed.</summary>
public sealed record AmberSubscribeAck(int Status) : AmberSocketMessage
{
    public bool Succeeded => Status == 200;
}

/// <summary>
/// A price push: the current interval of each channel (never forecasts), parsed like the REST
/// response, so a malformed interval is rejected alone. <see cref="AmberPriceResult.RateLimit"/> is null.
/// </summary>
/// <param name="Timestamp">The push's top-level timestamp, when Amber sends one.</param>
public sealed record AmberPriceUpdate(string SiteId, DateTimeOffset? Timestamp, AmberPriceResult Prices) : AmberSocketMessage;

/// <summary>A well-formed message this version does not handle (another service or action); safe to ignore.</summary>
public sealed record AmberUnrecognisedMessage(string? Service, string? Action) : AmberSocketMessage;

/// <summary>
/// Pure functions for Amber's (alpha, undocumented) WebSocket protocol, CONTRACTS §1.8.
/// The socket loop lives elsewhere; this only builds and reads frames.
/// </summary>
public static class AmberSocketProtocol
{
    /// <summary>The live-prices endpoint; the bearer token goes in the <c>authorization</c> header of the handshake.</summary>
    public static Uri DefaultEndpoint { get; } = new("wss://api-ws.amber.com.au");

    private const string LivePrices = "live-prices";

    /// <summary>The frame that subscribes to price pushes for one site.</summary>
    public static string CreateSubscribeRequest(string siteId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(siteId);
        var message = new JsonObject
        {
            ["service"] = LivePrices,
            ["action"] = "subscribe",
            ["data"] = new JsonObject { ["siteId"] = siteId },
        };
        return message.ToJsonString();
    }

    /// <summary>Reads one text frame.</summary>
    /// <exception cref="AmberApiException">The frame is not JSON or is a price update without prices (<see cref="AmberErrorKind.MalformedResponse"/>).</exception>
    public static AmberSocketMessage Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(JsonParse(() => JsonDocument.Parse(json)));
    }

    /// <inheritdoc cref="Parse(string)"/>
    public static AmberSocketMessage Parse(ReadOnlyMemory<byte> utf8Json) => Parse(JsonParse(() => JsonDocument.Parse(utf8Json)));

    private static AmberSocketMessage Parse(JsonDocument document)
    {
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed($"expected a JSON object, found {root.ValueKind}");
            }

            var service = ReadString(root, "service");
            var action = ReadString(root, "action");
            if (service != LivePrices)
            {
                return new AmberUnrecognisedMessage(service, action);
            }

            return action switch
            {
                "subscribe" => new AmberSubscribeAck(
                    root.TryGetProperty("status", out var status) && status.TryGetInt32(out var code) ? code : 0),
                "price-update" => ReadPriceUpdate(root),
                _ => new AmberUnrecognisedMessage(service, action),
            };
        }
    }

    private static AmberPriceUpdate ReadPriceUpdate(JsonElement root)
    {
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("price-update without a 'data' object");
        }

        if (!data.TryGetProperty("prices", out var prices) || prices.ValueKind != JsonValueKind.Array)
        {
            throw Malformed("price-update without a 'data.prices' array");
        }

        return new AmberPriceUpdate(
            ReadString(data, "siteId") ?? string.Empty,
            ReadTimestamp(root),
            AmberIntervalParser.ParseArray(prices, rateLimit: null));
    }

    private static DateTimeOffset? ReadTimestamp(JsonElement root) =>
        root.TryGetProperty("timestamp", out var value) && value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp)
            ? timestamp.ToUniversalTime()
            : null;

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonDocument JsonParse(Func<JsonDocument> parse)
    {
        try
        {
            return parse();
        }
        catch (JsonException ex)
        {
            throw Malformed($"not valid JSON ({ex.Message})", ex);
        }
    }

    private static AmberApiException Malformed(string problem, Exception? inner = null) =>
        new(AmberErrorKind.MalformedResponse, $"Amber WebSocket message is malformed: {problem}", innerException: inner);
}
