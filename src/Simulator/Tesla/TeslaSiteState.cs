using System.Text.Json.Nodes;

namespace TeslaSync.Simulator.Tesla;

/// <summary>One received <c>time_of_use_settings</c> POST, body kept verbatim.</summary>
/// <param name="ReceivedAt">On the simulator's clock (possibly a fast replay clock).</param>
/// <param name="ReceivedAtWallClock">On the real clock, so a benchmark can measure how long a sync took in real time.</param>
public sealed record TariffUpload(DateTimeOffset ReceivedAt, string RawBody, DateTimeOffset ReceivedAtWallClock);

/// <summary>
/// How much of its past a site keeps. The demo site keeps everything tests look at; the extra sites of a fleet
/// (<c>Simulator:Tesla:SiteCount</c>) keep little, so a thousand of them stay small even with large tariffs.
/// </summary>
/// <param name="Uploads">Uploads kept verbatim (the oldest are dropped; the count of uploads received is kept regardless).</param>
/// <param name="History">Entries of <see cref="TeslaSiteState.History"/>.</param>
/// <param name="Changes">Entries of <see cref="TeslaSiteState.ChangesAfter"/>; each holds the tariff's text, and only a
/// <see cref="PowerwallModel"/> reads them, which the extra sites do not have.</param>
public sealed record TeslaSiteRetention(int Uploads, int History, int Changes)
{
    public static readonly TeslaSiteRetention Everything = new(int.MaxValue, TeslaSiteState.HistoryCapacity, TeslaSiteState.HistoryCapacity);

    public static readonly TeslaSiteRetention ExtraSite = new(Uploads: 3, History: 100, Changes: 1);
}

/// <summary>What the Powerwall held from <paramref name="At"/> on: one entry per change, for tests to follow a day.</summary>
public sealed record SiteSettings(DateTimeOffset At, string? TariffCode, string Mode, string ExportRule, bool GridChargingAllowed, int BackupReservePercent);

/// <summary>Every setting the Powerwall's control logic reads (storm mode aside): what <see cref="PowerwallModel"/> runs on.</summary>
/// <param name="TariffContentV2">The tariff's JSON text, as site_info returns it.</param>
public sealed record OperatingSettings(string Mode, int BackupReservePercent, string ExportRule, bool GridChargingAllowed, string TariffContentV2);

/// <summary>The settings from <paramref name="At"/> on; <paramref name="Sequence"/> numbers the changes from 1.</summary>
public sealed record SettingsChange(long Sequence, DateTimeOffset At, OperatingSettings Settings);

/// <summary>
/// The mutable settings of the simulated energy site (what commands change and site_info reads back).
/// All access goes through one lock: requests arrive concurrently and tests read while clients write.
/// </summary>
public sealed class TeslaSiteState(TimeProvider time, TeslaSiteRetention? retention = null)
{
    /// <summary>Enough for a day of 5-minute changes to every setting.</summary>
    public const int HistoryCapacity = 5000;

    public static readonly IReadOnlyList<string> OperationModes = ["self_consumption", "autonomous", "backup"];

    private readonly Lock _gate = new();
    private readonly TeslaSiteRetention _retention = retention ?? TeslaSiteRetention.Everything;
    private readonly List<TariffUpload> _uploads = [];
    private int _uploadCount;
    private string _mode = "self_consumption";
    private int _backupReservePercent = 20;
    private string _tariffContentV2 = DefaultTariff;
    private bool _stormModeEnabled;
    private string _exportRule = "battery_ok";
    private bool _disallowChargeFromGridWithSolar;
    private int _externalTariffChanges;
    private readonly List<SiteSettings> _history = [];
    private readonly List<SettingsChange> _changes = [];
    private long _changeSequence;

    public static readonly IReadOnlyList<string> ExportRules = ["never", "pv_only", "battery_ok"];

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

    public bool StormModeEnabled
    {
        get
        {
            lock (_gate)
            {
                return _stormModeEnabled;
            }
        }
    }

    /// <summary><c>customer_preferred_export_rule</c>: never, pv_only or battery_ok.</summary>
    public string ExportRule
    {
        get
        {
            lock (_gate)
            {
                return _exportRule;
            }
        }
    }

    public bool DisallowChargeFromGridWithSolar
    {
        get
        {
            lock (_gate)
            {
                return _disallowChargeFromGridWithSolar;
            }
        }
    }

    /// <summary>Tariff changes made "in the Tesla app" via <c>/sim</c>, not by a client.</summary>
    public int ExternalTariffChanges
    {
        get
        {
            lock (_gate)
            {
                return _externalTariffChanges;
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

    /// <summary>The settings in force now and the sequence number of the last change (0 before any).</summary>
    public (long Sequence, OperatingSettings Settings) Operating()
    {
        lock (_gate)
        {
            return (_changeSequence, Current());
        }
    }

    /// <summary>The changes numbered above <paramref name="sequence"/>, oldest first (the last <see cref="HistoryCapacity"/> are kept).</summary>
    public IReadOnlyList<SettingsChange> ChangesAfter(long sequence)
    {
        lock (_gate)
        {
            return [.. _changes.Where(change => change.Sequence > sequence)];
        }
    }

    /// <summary>The uploads kept (all of them, unless the site's <see cref="TeslaSiteRetention"/> says fewer), oldest first.</summary>
    public IReadOnlyList<TariffUpload> Uploads()
    {
        lock (_gate)
        {
            return [.. _uploads];
        }
    }

    /// <summary>The number of uploads received since the start (or reset), and the latest one; null before any.</summary>
    public (int Count, TariffUpload? Latest) LatestUpload()
    {
        lock (_gate)
        {
            return (_uploadCount, _uploads.Count > 0 ? _uploads[^1] : null);
        }
    }

    public void SetMode(string mode)
    {
        lock (_gate)
        {
            _mode = mode;
            Record();
        }
    }

    public void SetBackupReserve(int percent)
    {
        lock (_gate)
        {
            _backupReservePercent = percent;
            Record();
        }
    }

    public void SetStormMode(bool enabled)
    {
        lock (_gate)
        {
            _stormModeEnabled = enabled;
        }
    }

    /// <summary>Applies the given settings; a null one is left as it is (the command omits it).</summary>
    public void SetGridImportExport(string? exportRule, bool? disallowChargeFromGridWithSolar)
    {
        lock (_gate)
        {
            _exportRule = exportRule ?? _exportRule;
            _disallowChargeFromGridWithSolar = disallowChargeFromGridWithSolar ?? _disallowChargeFromGridWithSolar;
            Record();
        }
    }

    /// <summary>Replaces the tariff as the Tesla app would: no upload is recorded, so only a read-back notices.</summary>
    public void ReplaceTariffExternally(JsonNode tariffContentV2)
    {
        var tariff = tariffContentV2.ToJsonString(TeslaJson.Options);
        lock (_gate)
        {
            _tariffContentV2 = tariff;
            _externalTariffChanges++;
            Record();
        }
    }

    /// <summary>Records the upload and makes its tariff the one site_info returns, atomically.</summary>
    public void ApplyTariff(DateTimeOffset receivedAt, string rawBody, JsonNode tariffContentV2)
    {
        var tariff = tariffContentV2.ToJsonString(TeslaJson.Options);
        var wallClock = TimeProvider.System.GetUtcNow();
        lock (_gate)
        {
            _uploads.Add(new TariffUpload(receivedAt, rawBody, wallClock));
            _uploadCount++;
            TrimToCapacity(_uploads, _retention.Uploads);
            _tariffContentV2 = tariff;
            Record(receivedAt);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _uploads.Clear();
            _uploadCount = 0;
            _mode = "self_consumption";
            _backupReservePercent = 20;
            _tariffContentV2 = DefaultTariff;
            _stormModeEnabled = false;
            _exportRule = "battery_ok";
            _disallowChargeFromGridWithSolar = false;
            _externalTariffChanges = 0;
            _history.Clear();
            RecordChange(time.GetUtcNow());
        }
    }

    /// <summary>Every change of tariff code, mode, export rule, grid charging or reserve, oldest first.</summary>
    public IReadOnlyList<SiteSettings> History()
    {
        lock (_gate)
        {
            return [.. _history];
        }
    }

    // Called with the lock held.
    private OperatingSettings Current() =>
        new(_mode, _backupReservePercent, _exportRule, !_disallowChargeFromGridWithSolar, _tariffContentV2);

    // Called with the lock held: a change of anything the Powerwall runs on (a new tariff with the same code included).
    private void RecordChange(DateTimeOffset at)
    {
        var settings = Current();
        if ((_changes.Count > 0 ? _changes[^1].Settings : null) == settings)
        {
            return;
        }

        _changes.Add(new SettingsChange(++_changeSequence, at, settings));
        TrimToCapacity(_changes, _retention.Changes);
    }

    // Called with the lock held; an upload of the same tariff code again is not a change.
    private void Record(DateTimeOffset? at = null)
    {
        RecordChange(at ?? time.GetUtcNow());
        var code = JsonNode.Parse(_tariffContentV2)?["code"]?.GetValue<string>();
        var now = new SiteSettings(at ?? time.GetUtcNow(), code, _mode, _exportRule, !_disallowChargeFromGridWithSolar, _backupReservePercent);
        if (_history.Count > 0 && _history[^1] with { At = now.At } == now)
        {
            return;
        }

        _history.Add(now);
        TrimToCapacity(_history, _retention.History);
    }

    private static void TrimToCapacity<T>(List<T> list, int capacity)
    {
        if (list.Count > capacity)
        {
            list.RemoveRange(0, list.Count - capacity);
        }
    }
}
