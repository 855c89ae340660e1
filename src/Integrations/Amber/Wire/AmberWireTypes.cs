using System.Text.Json.Serialization;

namespace TeslaSync.Integrations.Amber.Wire;

// Amber's JSON as it travels, with Amber's exact field names. Every field is nullable so that a
// missing field becomes a named rejection reason instead of an exception; unknown fields are ignored.
// Enum-like fields stay strings here: an unknown value must reject one interval, not the response.

/// <summary>One element of a prices array (ActualInterval, CurrentInterval or ForecastInterval).</summary>
internal sealed class AmberIntervalDto
{
    [JsonPropertyName("type")] public string? Type { get; set; }

    [JsonPropertyName("duration")] public int? Duration { get; set; }

    // startTime/endTime/date are deliberately not read: startTime is one second after the
    // boundary and endTime equals nemTime; nemTime and duration define the interval exactly.
    [JsonPropertyName("nemTime")] public DateTimeOffset? NemTime { get; set; }

    [JsonPropertyName("perKwh")] public decimal? PerKwh { get; set; }

    [JsonPropertyName("spotPerKwh")] public decimal? SpotPerKwh { get; set; }

    [JsonPropertyName("renewables")] public double? Renewables { get; set; }

    [JsonPropertyName("channelType")] public string? ChannelType { get; set; }

    [JsonPropertyName("spikeStatus")] public string? SpikeStatus { get; set; }

    [JsonPropertyName("descriptor")] public string? Descriptor { get; set; }

    [JsonPropertyName("estimate")] public bool? Estimate { get; set; }

    [JsonPropertyName("advancedPrice")] public AmberAdvancedPriceDto? AdvancedPrice { get; set; }

    [JsonPropertyName("tariffInformation")] public AmberTariffInformationDto? TariffInformation { get; set; }
}

internal sealed class AmberAdvancedPriceDto
{
    [JsonPropertyName("low")] public decimal? Low { get; set; }

    [JsonPropertyName("predicted")] public decimal? Predicted { get; set; }

    [JsonPropertyName("high")] public decimal? High { get; set; }
}

internal sealed class AmberTariffInformationDto
{
    [JsonPropertyName("period")] public string? Period { get; set; }
}

internal sealed class AmberSiteDto
{
    [JsonPropertyName("id")] public string? Id { get; set; }

    [JsonPropertyName("nmi")] public string? Nmi { get; set; }

    [JsonPropertyName("channels")] public List<AmberChannelDto>? Channels { get; set; }

    [JsonPropertyName("network")] public string? Network { get; set; }

    [JsonPropertyName("status")] public string? Status { get; set; }

    [JsonPropertyName("activeFrom")] public DateOnly? ActiveFrom { get; set; }

    [JsonPropertyName("closedOn")] public DateOnly? ClosedOn { get; set; }

    [JsonPropertyName("intervalLength")] public int? IntervalLength { get; set; }
}

internal sealed class AmberChannelDto
{
    [JsonPropertyName("identifier")] public string? Identifier { get; set; }

    [JsonPropertyName("type")] public string? Type { get; set; }

    [JsonPropertyName("tariff")] public string? Tariff { get; set; }
}

/// <summary>Body of Amber's (API Gateway's) error responses: <c>{"message":"..."}</c>.</summary>
internal sealed class AmberErrorDto
{
    [JsonPropertyName("message")] public string? Message { get; set; }
}

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(AmberIntervalDto))]
[JsonSerializable(typeof(List<AmberSiteDto>))]
[JsonSerializable(typeof(AmberErrorDto))]
internal sealed partial class AmberJsonContext : JsonSerializerContext;
