using Google.Protobuf.WellKnownTypes;
using TeslaSync.Contracts.Common.V1;
using Model = TeslaSync.Domain.Prices;
using Wire = TeslaSync.Contracts.PriceIngest.V1;

namespace TeslaSync.Contracts.Mapping;

/// <summary>Maps price intervals between the domain and the PriceIngest gRPC contract.</summary>
public static class PriceMessages
{
    public static Wire.PriceInterval ToMessage(this Model.PriceInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        var message = new Wire.PriceInterval
        {
            Channel = interval.Channel switch
            {
                Model.PriceChannel.General => Wire.PriceChannel.General,
                Model.PriceChannel.ControlledLoad => Wire.PriceChannel.ControlledLoad,
                _ => Wire.PriceChannel.FeedIn,
            },
            Kind = interval.Kind switch
            {
                Model.IntervalKind.Actual => Wire.IntervalKind.Actual,
                Model.IntervalKind.Current => Wire.IntervalKind.Current,
                _ => Wire.IntervalKind.Forecast,
            },
            Start = Timestamp.FromDateTimeOffset(interval.Start),
            End = Timestamp.FromDateTimeOffset(interval.End),
            PerKwh = DecimalValue.FromDecimal(interval.PerKwh),
            SpotPerKwh = DecimalValue.FromDecimal(interval.SpotPerKwh),
            SpikeStatus = interval.SpikeStatus switch
            {
                Model.SpikeStatus.Potential => Wire.SpikeStatus.Potential,
                Model.SpikeStatus.Spike => Wire.SpikeStatus.Spike,
                _ => Wire.SpikeStatus.None,
            },
            PriceDescriptor = interval.Descriptor,
            Renewables = interval.Renewables,
            Estimate = interval.Estimate,
            TariffPeriod = interval.TariffPeriod ?? string.Empty,
        };
        if (interval.AdvancedPrice is { } band)
        {
            message.AdvancedPrice = new Wire.PriceBand
            {
                Low = DecimalValue.FromDecimal(band.Low),
                Predicted = DecimalValue.FromDecimal(band.Predicted),
                High = DecimalValue.FromDecimal(band.High),
            };
        }

        return message;
    }

    public static Model.PriceInterval ToDomain(this Wire.PriceInterval message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new Model.PriceInterval(
            message.Channel switch
            {
                Wire.PriceChannel.General => Model.PriceChannel.General,
                Wire.PriceChannel.ControlledLoad => Model.PriceChannel.ControlledLoad,
                Wire.PriceChannel.FeedIn => Model.PriceChannel.FeedIn,
                _ => throw new ArgumentException($"Unknown price channel {message.Channel}.", nameof(message)),
            },
            message.Kind switch
            {
                Wire.IntervalKind.Actual => Model.IntervalKind.Actual,
                Wire.IntervalKind.Current => Model.IntervalKind.Current,
                Wire.IntervalKind.Forecast => Model.IntervalKind.Forecast,
                _ => throw new ArgumentException($"Unknown interval kind {message.Kind}.", nameof(message)),
            },
            message.Start.ToDateTimeOffset(),
            message.End.ToDateTimeOffset(),
            message.PerKwh.ToDecimal(),
            message.SpotPerKwh.ToDecimal(),
            message.SpikeStatus switch
            {
                Wire.SpikeStatus.Potential => Model.SpikeStatus.Potential,
                Wire.SpikeStatus.Spike => Model.SpikeStatus.Spike,
                _ => Model.SpikeStatus.None,
            },
            message.PriceDescriptor,
            message.Renewables,
            message.Estimate,
            message.AdvancedPrice is { } band
                ? new Model.PriceBand(band.Low.ToDecimal(), band.Predicted.ToDecimal(), band.High.ToDecimal())
                : null,
            message.TariffPeriod.Length > 0 ? message.TariffPeriod : null);
    }
}
