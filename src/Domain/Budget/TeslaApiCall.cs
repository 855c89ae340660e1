namespace TeslaSync.Domain.Budget;

/// <summary>How the Fleet API bills a call: reading data, or sending a command.</summary>
public enum TeslaCallKind
{
    /// <summary>An energy-site GET (products, site_info, live_status, calendar_history): $1 per 500 on the Fleet API.</summary>
    DataRead,

    /// <summary>An energy-site POST (tariff, mode, reserve…): $1 per 1,000, and only a few per site per day.</summary>
    Command,

    /// <summary>Housekeeping the client makes on its own (<c>/api/1/users/region</c>, Teslemetry <c>/api/metadata</c>); counted as a data read.</summary>
    Account,
}

/// <summary>
/// Why a call is made, most expendable first. When money runs short the least important calls
/// stop first; restoring a user's own settings is never refused.
/// </summary>
public enum TeslaCallPurpose
{
    /// <summary>Live status and history for the dashboard.</summary>
    TelemetryRead,

    /// <summary>Checking that the Powerwall still holds our tariff (someone may have changed it in the Tesla app).</summary>
    ReadBack,

    /// <summary>Uploading a new price tariff.</summary>
    TariffWrite,

    /// <summary>Putting back the user's own tariff, mode or export rule (after a spike, a force, a curtailment).</summary>
    SafetyRestore,
}

/// <summary>Calls made in one period, by kind.</summary>
public sealed record ApiCallCounts(long DataReads, long Commands)
{
    public static ApiCallCounts None { get; } = new(0, 0);

    public long Total => DataReads + Commands;

    public ApiCallCounts Add(TeslaCallKind kind, long count = 1) => kind == TeslaCallKind.Command
        ? this with { Commands = Commands + count }
        : this with { DataReads = DataReads + count };
}
