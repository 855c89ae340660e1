using System.Text.Json.Nodes;

namespace TeslaSync.Simulator.Tesla;

/// <summary>One received <c>time_of_use_settings</c> POST, body kept verbatim.</summary>
public sealed record TariffUpload(DateTimeOffset ReceivedAt, string RawBody);

/// <summary>
/// The mutable settings of the simulated energy site (what commands change and site_info reads back).
/// All access goes through one lock: requests arrive concurrently and tests read while clients write.
/// </summary>
public sealed class TeslaSiteState
{
    public static readonly IReadOnlyList<string> OperationModes = ["self_consumption", "autonomous", "backup"];

    private readonly Lock _gate = new();
    private readonly List<TariffUpload> _uploads = [];
    private string _mode = "self_consumption";
    private int _backupReservePercent = 20;
    private string _tariffContentV2 = DefaultTariff;

    /// <summary>A flat tariff the gateway starts with (a real site always has one): 30 c buy, 5 c sell, all day.</summary>
    public const string DefaultTariff =
        """{"code":"SIM:FLAT","name":"Simulator flat rate","utility":"Simulator","currency":"AUD","version":1,"daily_charges":[{"name":"Charge"}],"demand_charges":{"ALL":{"rates":{"ALL":0}}},"energy_charges":{"ALL":{"rates":{"ALL":0}},"All Year":{"rates":{"ALL_DAY":0.30}}},"seasons":{"All Year":{"fromMonth":1,"toMonth":12,"fromDay":1,"toDay":31,"tou_periods":{"ALL_DAY":{"periods":[{"fromDayOfWeek":0,"toDayOfWeek":6,"fromHour":0,"fromMinute":0,"toHour":0,"toMinute":0}]}}}},"sell_tariff":{"name":"Simulator flat rate","utility":"Simulator","daily_charges":[{"name":"Charge"}],"demand_charges":{"ALL":{"rates":{"ALL":0}}},"energy_charges":{"ALL":{"rates":{"ALL":0}},"All Year":{"rates":{"ALL_DAY":0.05}}},"seasons":{"All Year":{"fromMonth":1,"toMonth":12,"fromDay":1,"toDay":31,"tou_periods":{"ALL_DAY":{"periods":[{"fromDayOfWeek":0,"toDayOfWeek":6,"fromHour":0,"fromMinute":0,"toHour":0,"toMinute":0}]}}}}}}""";

    public string DefaultRealMode
    {
        get
        {
            lock (_gate)
            {
                return _mode;
            }
        }
    }

    public int BackupReservePercent
    {
        get
        {
            lock (_gate)
            {
                return _backupReservePercent;
            }
        }
    }

    /// <summary>A fresh copy of the current tariff (callers may insert it into their own JSON tree).</summary>
    public JsonNode TariffContentV2()
    {
        lock (_gate)
        {
            return JsonNode.Parse(_tariffContentV2)!;
        }
    }

    public IReadOnlyList<TariffUpload> Uploads()
    {
        lock (_gate)
        {
            return [.. _uploads];
        }
    }

    public void SetMode(string mode)
    {
        lock (_gate)
        {
            _mode = mode;
        }
    }

    public void SetBackupReserve(int percent)
    {
        lock (_gate)
        {
            _backupReservePercent = percent;
        }
    }

    /// <summary>Records the upload and makes its tariff the one site_info returns, atomically.</summary>
    public void ApplyTariff(DateTimeOffset receivedAt, string rawBody, JsonNode tariffContentV2)
    {
        var tariff = tariffContentV2.ToJsonString(TeslaJson.Options);
        lock (_gate)
        {
            _uploads.Add(new TariffUpload(receivedAt, rawBody));
            _tariffContentV2 = tariff;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _uploads.Clear();
            _mode = "self_consumption";
            _backupReservePercent = 20;
            _tariffContentV2 = DefaultTariff;
        }
    }
}
