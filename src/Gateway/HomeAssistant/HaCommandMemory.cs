namespace TeslaSync.Gateway.HomeAssistant;

/// <summary>
/// What the bridge remembers between commands: the 5-minute price period of the last "sync now" (a second
/// press in the same period does nothing, SPEC §8), and the Powerwall settings Home Assistant set, which are
/// shown until Telemetry has read the Powerwall's settings again after the command.
/// </summary>
internal sealed class HaCommandMemory
{
    /// <summary>Amber's price period: a sync within the same one would upload the same prices.</summary>
    public static readonly TimeSpan SyncPeriod = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Value, DateTimeOffset At)> _settings = new(StringComparer.Ordinal);
    private long? _syncPeriod;

    /// <summary>Claims the period <paramref name="now"/> falls in for a sync; false when a sync already claimed it.</summary>
    public bool TryClaimSyncPeriod(DateTimeOffset now)
    {
        var period = PeriodOf(now);
        lock (_gate)
        {
            if (_syncPeriod == period)
            {
                return false;
            }

            _syncPeriod = period;
            return true;
        }
    }

    /// <summary>Gives the period back after a sync that did not go through, so pressing again retries.</summary>
    public void ReleaseSyncPeriod(DateTimeOffset claimedAt)
    {
        var period = PeriodOf(claimedAt);
        lock (_gate)
        {
            if (_syncPeriod == period)
            {
                _syncPeriod = null;
            }
        }
    }

    public void RememberSetting(string objectId, string value, DateTimeOffset at)
    {
        lock (_gate)
        {
            _settings[objectId] = (value, at);
        }
    }

    /// <summary>
    /// The state to show for a setting: what Home Assistant set, when that is newer than the Powerwall reading
    /// (<paramref name="readAt"/>); otherwise the reading.
    /// </summary>
    public HaState Prefer(HaState read, DateTimeOffset? readAt)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_gate)
        {
            return _settings.TryGetValue(read.ObjectId, out var set) && (readAt is null || set.At > readAt)
                ? read with { Value = set.Value }
                : read;
        }
    }

    /// <summary>The settings Home Assistant set that no reading has shown yet.</summary>
    public IReadOnlyList<HaState> Unread(IEnumerable<string> readObjectIds)
    {
        lock (_gate)
        {
            var read = readObjectIds.ToHashSet(StringComparer.Ordinal);
            return [.. _settings.Where(pair => !read.Contains(pair.Key)).Select(pair => new HaState(pair.Key, pair.Value.Value))];
        }
    }

    // Australian zones are whole or half hours from UTC, so UTC 5-minute periods are the local ones too.
    private static long PeriodOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / (long)SyncPeriod.TotalSeconds;
}
