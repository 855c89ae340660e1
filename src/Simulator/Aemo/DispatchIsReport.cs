using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using TeslaSync.Simulator.Market;

namespace TeslaSync.Simulator.Aemo;

/// <summary>
/// NEMWeb's live <c>PUBLIC_DISPATCHIS</c> files (CONTRACTS §3.3), built from the replayed week so that
/// the file for an interval carries exactly the prices ELEC_NEM_SUMMARY serves for it.
/// </summary>
public static partial class DispatchIsReport
{
    /// <summary>How long a file takes to appear after its dispatch run (the run is at the interval's start).</summary>
    private static readonly TimeSpan PublishDelay = TimeSpan.FromSeconds(12);

    /// <summary>The end of the newest interval with a file: the interval in progress, as in ELEC_NEM_SUMMARY.</summary>
    public static DateTimeOffset NewestIntervalEnd(DateTimeOffset now) => NemTime.FloorToInterval(now, 5) + NemTime.FiveMinutes;

    /// <summary>e.g. <c>PUBLIC_DISPATCHIS_202611231220_0000000005941296.zip</c>; the sequence grows by one per interval.</summary>
    public static string FileName(DateTimeOffset intervalEnd) =>
        $"PUBLIC_DISPATCHIS_{NemTime.ToNem(intervalEnd).ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}_{Sequence(intervalEnd):D16}.zip";

    /// <summary>The interval a file name stands for, when it is one this simulator would have published by <paramref name="now"/>.</summary>
    public static DateTimeOffset? IntervalOf(string fileName, DateTimeOffset now)
    {
        var match = FileNamePattern().Match(fileName);
        if (!match.Success ||
            !DateTime.TryParseExact(match.Groups[1].Value, "yyyyMMddHHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        var end = new DateTimeOffset(local, NemTime.Offset).ToUniversalTime();
        return end <= NewestIntervalEnd(now) && FileName(end) == fileName ? end : null;
    }

    /// <summary>The zip: one upper-case <c>.CSV</c> entry, as on NEMWeb.</summary>
    public static byte[] Zip(MarketPriceSeries series, DateTimeOffset intervalEnd)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = archive.CreateEntry(Path.ChangeExtension(FileName(intervalEnd), ".CSV"), CompressionLevel.Optimal);
            entry.LastWriteTime = NemTime.ToNem(intervalEnd - NemTime.FiveMinutes + PublishDelay);
            using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            writer.Write(Csv(series, intervalEnd));
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The live layout: quoted timestamps, DISPATCH PRICE with one INTERVENTION 0 row per region plus one
    /// INTERVENTION 1 row (a what-if price clients must skip), then a REGIONSUM table (also to be skipped).
    /// </summary>
    public static string Csv(MarketPriceSeries series, DateTimeOffset intervalEnd)
    {
        var start = intervalEnd - NemTime.FiveMinutes;
        var created = NemTime.ToNem(start + PublishDelay);
        var settlement = Quoted(intervalEnd);
        var lastChanged = Quoted(start + PublishDelay - TimeSpan.FromSeconds(4));
        var interval = DispatchInterval(intervalEnd);
        var seq = Sequence(intervalEnd);
        var lines = new List<string>
        {
            Invariant($"C,NEMP.WORLD,DISPATCHIS,AEMO,PUBLIC,{created:yyyy/MM/dd},{created:HH:mm:ss},{seq:D16},DISPATCHIS,{seq - 1:D16}"),
            "I,DISPATCH,PRICE,5,SETTLEMENTDATE,RUNNO,REGIONID,DISPATCHINTERVAL,INTERVENTION,RRP,EEP,ROP,APCFLAG,MARKETSUSPENDEDFLAG,LASTCHANGED,PRICE_STATUS,RAISE6SECRRP,LOWER6SECRRP",
        };
        foreach (var region in AemoEndpoints.Regions)
        {
            var rrp = Number(series.At(region, start).Rrp);
            lines.Add(Invariant($"D,DISPATCH,PRICE,5,{settlement},1,{region},{interval},0,{rrp},0,{rrp},0,0,{lastChanged},FIRM,0.1,0.05"));
        }

        // An intervention pricing run: a what-if price that did not set the market; 10 $/MWh above so a client that keeps it is caught.
        var whatIf = Number(series.At("NSW1", start).Rrp + 10);
        lines.Add(Invariant($"D,DISPATCH,PRICE,5,{settlement},1,NSW1,{interval},1,{whatIf},0,{whatIf},0,0,{lastChanged},FIRM,0.1,0.05"));

        lines.Add("I,DISPATCH,REGIONSUM,9,SETTLEMENTDATE,RUNNO,REGIONID,DISPATCHINTERVAL,INTERVENTION,TOTALDEMAND,AVAILABLEGENERATION,NETINTERCHANGE");
        foreach (var region in AemoEndpoints.Regions)
        {
            var point = series.At(region, start);
            lines.Add(Invariant(
                $"D,DISPATCH,REGIONSUM,9,{settlement},1,{region},{interval},0,{Number(point.DemandMw)},{Number(point.ScheduledMw + point.SemiScheduledMw)},{Number(point.NetInterchangeMw)}"));
        }

        lines.Add(Invariant($"C,\"END OF REPORT\",{lines.Count + 1}"));
        return string.Join("\r\n", lines) + "\r\n";
    }

    /// <summary>YYYYMMDDPPP: the trading day starts at 04:00 NEM time and its interval 001 ends at 04:05.</summary>
    private static string DispatchInterval(DateTimeOffset intervalEnd)
    {
        var sinceDayStart = NemTime.ToNem(intervalEnd) - TimeSpan.FromHours(4) - TimeSpan.FromMinutes(5);
        var tradingDay = DateOnly.FromDateTime(sinceDayStart.DateTime);
        var number = (int)(sinceDayStart - new DateTimeOffset(tradingDay.ToDateTime(TimeOnly.MinValue), NemTime.Offset)).TotalMinutes / 5 + 1;
        return Invariant($"{tradingDay:yyyyMMdd}{number:D3}");
    }

    private static long Sequence(DateTimeOffset intervalEnd) => intervalEnd.ToUnixTimeSeconds() / 300;

    private static string Quoted(DateTimeOffset instant) => Invariant($"\"{NemTime.ToNem(instant):yyyy/MM/dd HH:mm:ss}\"");

    /// <summary>AEMO writes up to five decimals without trailing zeros (e.g. <c>91.89</c>); same rounding as the JSON.</summary>
    private static string Number(double value) => Math.Round(value, 5).ToString("0.#####", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^PUBLIC_DISPATCHIS_(\d{12})_(\d{16})\.zip$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}
