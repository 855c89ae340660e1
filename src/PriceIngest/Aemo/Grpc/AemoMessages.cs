using Google.Protobuf.WellKnownTypes;
using TeslaSync.Domain.Sites;
using TeslaSync.PriceIngest.Aemo.Storage;
using Proto = TeslaSync.Contracts.PriceIngest.V1;

namespace TeslaSync.PriceIngest.Aemo.Grpc;

/// <summary>Maps between stored AEMO prices and the aemo.proto messages.</summary>
internal static class AemoMessages
{
    public static Proto.AemoRegion ToMessage(this NemRegion region) => region switch
    {
        NemRegion.NSW1 => Proto.AemoRegion.Nsw1,
        NemRegion.QLD1 => Proto.AemoRegion.Qld1,
        NemRegion.VIC1 => Proto.AemoRegion.Vic1,
        NemRegion.SA1 => Proto.AemoRegion.Sa1,
        NemRegion.TAS1 => Proto.AemoRegion.Tas1,
        _ => Proto.AemoRegion.Unspecified,
    };

    public static NemRegion? ToDomain(this Proto.AemoRegion region) => region switch
    {
        Proto.AemoRegion.Nsw1 => NemRegion.NSW1,
        Proto.AemoRegion.Qld1 => NemRegion.QLD1,
        Proto.AemoRegion.Vic1 => NemRegion.VIC1,
        Proto.AemoRegion.Sa1 => NemRegion.SA1,
        Proto.AemoRegion.Tas1 => NemRegion.TAS1,
        _ => null,
    };

    public static Proto.AemoPrice ToMessage(this StoredAemoPrice price) => new()
    {
        Region = price.Region.ToMessage(),
        IntervalEnd = Timestamp.FromDateTimeOffset(price.IntervalEnd),
        RrpPerMwh = price.RrpPerMwh,
        Firm = price.Firm,
        Source = price.Source switch
        {
            Contracts.Events.AemoPriceSource.Json => Proto.AemoPriceSource.Json,
            Contracts.Events.AemoPriceSource.NemWeb => Proto.AemoPriceSource.Nemweb,
            _ => Proto.AemoPriceSource.Unspecified,
        },
        ReceivedAt = Timestamp.FromDateTimeOffset(price.ReceivedAt),
    };

    public static Proto.AemoDailyMax ToMessage(this AemoDailyMaximum day) => new()
    {
        Date = day.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        MaxRrpPerMwh = day.MaxRrpPerMwh,
        MaxIntervalEnd = Timestamp.FromDateTimeOffset(day.MaxIntervalEnd),
        IntervalCount = day.IntervalCount,
    };
}
