using System.Globalization;
using System.Text.Json;
using TeslaSync.Domain.Prices;

namespace TeslaSync.Domain.UnitTests.Tariffs;

/// <summary>One Amber interval exactly as the JSON has it (prices in c/kWh, times as sent).</summary>
internal sealed record RawAmberInterval(
    string Type,
    int Duration,
    DateTimeOffset NemTime,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    decimal PerKwh,
    string ChannelType,
    string SpikeStatus,
    decimal? AdvancedLow,
    decimal? AdvancedPredicted,
    decimal? AdvancedHigh)
{
    public bool IsActual => Type == "ActualInterval";
}

/// <summary>
/// Reads a real Amber capture with System.Text.Json, and turns it into domain intervals the way
/// the Amber edge does: UTC <c>startTime</c> (one second after the boundary) floored to the
/// minute, <c>endTime</c> as is, c/kWh → $/kWh. The golden tests compute their expectations from
/// <c>nemTime − duration</c> instead, so the two time paths check each other.
/// </summary>
internal static class AmberCapture
{
    public static IReadOnlyList<RawAmberInterval> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.EnumerateArray().Select(Raw).ToList();
    }

    public static IReadOnlyList<PriceInterval> ToDomain(IEnumerable<RawAmberInterval> raw) => raw.Select(ToDomain).ToList();

    public static PriceInterval ToDomain(RawAmberInterval raw)
    {
        var start = new DateTimeOffset(raw.StartTime.UtcTicks - (raw.StartTime.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var channel = raw.ChannelType switch
        {
            "general" => PriceChannel.General,
            "feedIn" => PriceChannel.FeedIn,
            "controlledLoad" => PriceChannel.ControlledLoad,
            _ => throw new InvalidDataException($"Unknown channel {raw.ChannelType}."),
        };
        var kind = raw.Type switch
        {
            "ActualInterval" => IntervalKind.Actual,
            "CurrentInterval" => IntervalKind.Current,
            "ForecastInterval" => IntervalKind.Forecast,
            _ => throw new InvalidDataException($"Unknown interval type {raw.Type}."),
        };
        var spike = raw.SpikeStatus switch
        {
            "none" => SpikeStatus.None,
            "potential" => SpikeStatus.Potential,
            "spike" => SpikeStatus.Spike,
            _ => throw new InvalidDataException($"Unknown spike status {raw.SpikeStatus}."),
        };
        var band = raw.AdvancedPredicted is { } predicted
            ? new PriceBand(raw.AdvancedLow!.Value / 100m, predicted / 100m, raw.AdvancedHigh!.Value / 100m)
            : null;
        return new PriceInterval(
            channel, kind, start, raw.EndTime.ToUniversalTime(), raw.PerKwh / 100m, 0m, spike, "neutral", 0, AdvancedPrice: band);
    }

    private static RawAmberInterval Raw(JsonElement element)
    {
        decimal? Advanced(string name) =>
            element.TryGetProperty("advancedPrice", out var band) && band.ValueKind == JsonValueKind.Object
                ? band.GetProperty(name).GetDecimal()
                : null;

        return new RawAmberInterval(
            element.GetProperty("type").GetString()!,
            element.GetProperty("duration").GetInt32(),
            Time(element, "nemTime"),
            Time(element, "startTime"),
            Time(element, "endTime"),
            element.GetProperty("perKwh").GetDecimal(),
            element.GetProperty("channelType").GetString()!,
            element.GetProperty("spikeStatus").GetString()!,
            Advanced("low"),
            Advanced("predicted"),
            Advanced("high"));
    }

    private static DateTimeOffset Time(JsonElement element, string name) =>
        DateTimeOffset.Parse(element.GetProperty(name).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.None);
}
