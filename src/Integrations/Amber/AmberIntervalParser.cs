using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using TeslaSync.Domain.Prices;
using TeslaSync.Integrations.Amber.Wire;

namespace TeslaSync.Integrations.Amber;

/// <summary>
/// Turns Amber interval JSON into domain <see cref="PriceInterval"/>s one element at a time, so a
/// malformed interval is rejected alone with a reason and the rest of the response survives.
/// </summary>
internal static class AmberIntervalParser
{
    public static AmberPriceResult ParseArray(JsonElement array, AmberRateLimit? rateLimit)
    {
        var accepted = new List<PriceInterval>(array.GetArrayLength());
        var rejected = new List<RejectedAmberInterval>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            if (TryParse(element, out var interval, out var reason))
            {
                accepted.Add(interval);
            }
            else
            {
                rejected.Add(new RejectedAmberInterval(index, reason));
            }

            index++;
        }

        return new AmberPriceResult(accepted, rejected, rateLimit);
    }

    public static bool TryParse(JsonElement element, [NotNullWhen(true)] out PriceInterval? interval, [NotNullWhen(false)] out string? reason)
    {
        interval = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            reason = $"expected a JSON object, found {element.ValueKind}";
            return false;
        }

        AmberIntervalDto? dto;
        try
        {
            dto = element.Deserialize(AmberJsonContext.Default.AmberIntervalDto);
        }
        catch (JsonException ex)
        {
            reason = $"field '{ex.Path}' does not have the documented type";
            return false;
        }

        if (dto is null)
        {
            reason = "interval is null";
            return false;
        }

        reason = Validate(dto, out var kind, out var channel, out var spikeStatus);
        if (reason is not null)
        {
            return false;
        }

        // Amber labels an interval by its end (nemTime, +10:00); startTime is one second after the
        // boundary, so the boundary is recomputed from nemTime and duration instead.
        var end = dto.NemTime!.Value.ToUniversalTime();
        var start = end - TimeSpan.FromMinutes(dto.Duration!.Value);

        interval = new PriceInterval(
            channel,
            kind,
            start,
            end,
            PriceUnits.CentsToDollars(dto.PerKwh!.Value),
            PriceUnits.CentsToDollars(dto.SpotPerKwh!.Value),
            spikeStatus,
            dto.Descriptor!,
            dto.Renewables!.Value,
            Estimate: dto.Estimate ?? false,
            AdvancedPrice: dto.AdvancedPrice is { } band
                ? new PriceBand(
                    PriceUnits.CentsToDollars(band.Low!.Value),
                    PriceUnits.CentsToDollars(band.Predicted!.Value),
                    PriceUnits.CentsToDollars(band.High!.Value))
                : null,
            TariffPeriod: dto.TariffInformation?.Period);
        return true;
    }

    /// <summary>Returns null when the interval is usable, otherwise the first problem found.</summary>
    private static string? Validate(AmberIntervalDto dto, out IntervalKind kind, out PriceChannel channel, out SpikeStatus spikeStatus)
    {
        kind = default;
        channel = default;
        spikeStatus = default;

        if (dto.Type is null)
        {
            return "'type' is missing";
        }

        if (!TryParseKind(dto.Type, out kind))
        {
            return $"unknown interval type '{dto.Type}'";
        }

        if (dto.ChannelType is null)
        {
            return "'channelType' is missing";
        }

        if (!TryParseChannel(dto.ChannelType, out channel))
        {
            return $"unknown channelType '{dto.ChannelType}'";
        }

        if (dto.SpikeStatus is null)
        {
            return "'spikeStatus' is missing";
        }

        if (!TryParseSpikeStatus(dto.SpikeStatus, out spikeStatus))
        {
            return $"unknown spikeStatus '{dto.SpikeStatus}'";
        }

        if (dto.Duration is not { } duration)
        {
            return "'duration' is missing";
        }

        if (duration is <= 0 or > 24 * 60)
        {
            return $"'duration' {duration} is not a plausible number of minutes";
        }

        if (dto.NemTime is null)
        {
            return "'nemTime' is missing";
        }

        if (dto.PerKwh is null)
        {
            return "'perKwh' is missing";
        }

        if (dto.SpotPerKwh is null)
        {
            return "'spotPerKwh' is missing";
        }

        if (dto.Renewables is null)
        {
            return "'renewables' is missing";
        }

        // The descriptor stays a string in the domain, so a new descriptor value is passed through
        // rather than costing a price; only its absence makes the interval malformed.
        if (string.IsNullOrEmpty(dto.Descriptor))
        {
            return "'descriptor' is missing";
        }

        if (kind == IntervalKind.Current && dto.Estimate is null)
        {
            return "'estimate' is missing on a CurrentInterval";
        }

        if (dto.AdvancedPrice is { } band && (band.Low is null || band.Predicted is null || band.High is null))
        {
            return "'advancedPrice' lacks low, predicted or high";
        }

        return null;
    }

    private static bool TryParseKind(string value, out IntervalKind kind)
    {
        (var known, kind) = value switch
        {
            "ActualInterval" => (true, IntervalKind.Actual),
            "CurrentInterval" => (true, IntervalKind.Current),
            "ForecastInterval" => (true, IntervalKind.Forecast),
            _ => (false, default),
        };
        return known;
    }

    internal static bool TryParseChannel(string value, out PriceChannel channel)
    {
        (var known, channel) = value switch
        {
            "general" => (true, PriceChannel.General),
            "controlledLoad" => (true, PriceChannel.ControlledLoad),
            "feedIn" => (true, PriceChannel.FeedIn),
            _ => (false, default),
        };
        return known;
    }

    private static bool TryParseSpikeStatus(string value, out SpikeStatus status)
    {
        (var known, status) = value switch
        {
            "none" => (true, SpikeStatus.None),
            "potential" => (true, SpikeStatus.Potential),
            "spike" => (true, SpikeStatus.Spike),
            _ => (false, default),
        };
        return known;
    }
}
