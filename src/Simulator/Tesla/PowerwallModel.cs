namespace TeslaSync.Simulator.Tesla;

/// <summary>Instantaneous site power flows, in W and %, using Tesla's signs (battery &gt; 0 discharging, grid &gt; 0 importing).</summary>
public readonly record struct LiveSample(
    double SolarPower,
    double LoadPower,
    double BatteryPower,
    double GridPower,
    double PercentageCharged,
    double EnergyLeft,
    double TotalPackEnergy);

/// <summary>One <c>calendar_history</c> bucket: its start in the requested zone's local time, and whole Wh.</summary>
public sealed record HistoryBucket(DateTimeOffset Start, EnergyFlows Energy);

/// <summary>The model's own view, for <c>/sim</c> and tests.</summary>
public sealed record PowerwallStatus(
    DateTimeOffset Now,
    DateTimeOffset Since,
    LiveSample Live,
    double StoredWh,
    OperatingSettings Settings,
    string? TariffCode,
    BatteryIntent Intent,
    EnergyFlows Totals);

/// <summary>
/// The simulated Powerwall: a battery of <c>BatteryCount</c> units of <c>EnergyPerBatteryWh</c> and
/// <c>PowerPerBatteryW</c>, a year of real household load and solar (<see cref="HouseholdProfile"/>),
/// and control logic that follows the site's settings (mode, reserve, export rule, grid charging,
/// tariff) as <see cref="TeslaSiteState"/> records them, each taking effect
/// <c>ReactionDelaySeconds</c> after it was made.
/// </summary>
/// <remarks>
/// <para><b>Time.</b> The model runs on the simulator's clock and integrates lazily: whenever it is
/// sampled it steps from where it stopped to "now" in segments that end on whole minutes (UTC) or
/// where a setting takes effect. A segment's power is constant, decided from the state at its start
/// and the profile at the middle of its minute, so the state at any instant depends only on the clock
/// and the settings' times, never on how often anyone looked. Power is in whole watts and
/// load = solar + battery + grid holds exactly in every sample (what <c>live_status</c> shows is the
/// current segment's power); energy counters integrate the same power, so a client integrating
/// <c>live_status</c> every 30 s agrees with <c>calendar_history</c> to well within 1 %.</para>
/// <para><b>Battery.</b> Power is measured at the AC side; the round-trip efficiency is split evenly,
/// √η on the way in and √η on the way out. The stored energy never leaves [0, capacity] and never goes
/// below the backup reserve by discharging (power is limited so a segment ends at the bound exactly).</para>
/// <para><b>Modes.</b> <c>self_consumption</c>: the battery covers the home's deficit and absorbs surplus
/// solar; it never charges from the grid. <c>backup</c>: no discharge; charges to full from surplus solar
/// and, if grid charging is allowed, from the grid at full power. <c>autonomous</c>: follows the
/// uploaded tariff (<see cref="TariffPolicy"/>), and below the reserve charges from the grid (if
/// allowed) back up to it.</para>
/// <para><b>Export rule and grid charging.</b> <c>never</c>: nothing goes to the grid, surplus solar the
/// battery cannot take is curtailed; <c>pv_only</c>: solar may be exported, the battery only serves the
/// home; <c>battery_ok</c>: both. <c>disallow_charge_from_grid_with_solar_installed</c>: no energy
/// flows from the grid into the battery in any mode.</para>
/// <para><b>Counters.</b> Energy by source and destination (<see cref="EnergyFlows"/>) from the model's
/// start (the simulator's start, or <c>POST /sim/reset</c>), kept per 15 minutes, which is what
/// <c>calendar_history</c> sums (in site-local days, months and years).</para>
/// </remarks>
public sealed class PowerwallModel
{
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan BucketLength = TimeSpan.FromMinutes(15);

    /// <summary>Below the reserve by more than this, autonomous and backup charge back up to it.</summary>
    private const double ReserveToleranceWh = 1;

    private readonly Lock _gate = new();
    private readonly TeslaOptions _options;
    private readonly TeslaSiteState _state;
    private readonly TimeProvider _time;
    private readonly HouseholdProfile _profile;
    private readonly TimeZoneInfo _zone;
    private readonly TimeSpan _delay;
    private readonly double _chargeEfficiency;
    private readonly double _dischargeEfficiency;
    private readonly Queue<(DateTimeOffset EffectiveAt, OperatingSettings Settings)> _pending = new();

    // Cumulative flows at the start of each 15-minute bucket from the first one (clipped to _start).
    private readonly List<EnergyFlows> _bucketStarts = [];

    private DateTimeOffset _start;
    private DateTimeOffset _t;
    private double _stored;
    private EnergyFlows _cumulative;
    private long _firstBucket;
    private long _seenSequence;
    private OperatingSettings _settings = null!;
    private TariffPolicy _policy = null!;
    private Segment? _current;

    public PowerwallModel(TeslaOptions options, TeslaSiteState state, TimeProvider time, HouseholdProfile? profile = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _state = state;
        _time = time;
        _profile = profile ?? HouseholdProfile.Embedded;
        _zone = ResolveZone(options.InstallationTimeZone);
        _delay = TimeSpan.FromSeconds(options.ReactionDelaySeconds);
        _chargeEfficiency = Math.Sqrt(options.RoundTripEfficiency);
        _dischargeEfficiency = Math.Sqrt(options.RoundTripEfficiency);
        Restart(time.GetUtcNow());
    }

    public double TotalPackEnergy => _options.EnergyPerBatteryWh * _options.BatteryCount;

    public double MaxPower => _options.PowerPerBatteryW * _options.BatteryCount;

    public double ChargeEfficiency => _chargeEfficiency;

    public double DischargeEfficiency => _dischargeEfficiency;

    public TimeZoneInfo Zone => _zone;

    public DateTimeOffset ToSiteTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);

    /// <summary>Power flows and charge now.</summary>
    public LiveSample Sample()
    {
        lock (_gate)
        {
            var now = AdvanceToNow();
            return Live(now);
        }
    }

    /// <summary>Everything the model knows now.</summary>
    public PowerwallStatus Status()
    {
        lock (_gate)
        {
            var now = AdvanceToNow();
            var segment = CurrentSegment();
            return new PowerwallStatus(now, _start, Live(now), StoredAt(now), _settings, _policy.Tariff.Code, segment.Intent, CumulativeAt(now));
        }
    }

    /// <summary>
    /// Energy between two instants (clamped to the model's start and now), unrounded. Instants before
    /// the current segment are read at 15-minute resolution (rounded down to a quarter hour).
    /// </summary>
    public EnergyFlows Totals(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            AdvanceToNow();
            return to <= from ? default : CumulativeAt(to) - CumulativeAt(from);
        }
    }

    /// <summary>The energy of a site-local day (so far, if it is today).</summary>
    public EnergyFlows DayTotals(DateOnly localDate) => Totals(LocalMidnight(localDate, _zone), LocalMidnight(localDate.AddDays(1), _zone));

    /// <summary>
    /// <c>calendar_history</c> buckets, Wh: 15 minutes for <c>day</c>, days for <c>week</c> and
    /// <c>month</c>, months for <c>year</c>, years for <c>lifetime</c>, aligned to the local calendar of
    /// <paramref name="zone"/>. Buckets starting from <paramref name="start"/>'s bucket and before
    /// <paramref name="end"/> (default now) that hold any of the model's time are returned; without a
    /// start, the period containing <paramref name="end"/> (day: that day; week: the 7 days ending with
    /// it; month, year: that month or year; lifetime: everything). Each bucket is the difference of the
    /// cumulative counters rounded to whole Wh at its ends, so buckets add up exactly to longer ones.
    /// </summary>
    public IReadOnlyList<HistoryBucket> History(string period, DateTimeOffset? start, DateTimeOffset? end, TimeZoneInfo? zone = null)
    {
        zone ??= _zone;
        lock (_gate)
        {
            var now = AdvanceToNow();
            var last = end ?? now;
            var first = start ?? PeriodStart(period, last, zone);
            var buckets = new List<HistoryBucket>();
            var b = Floor(period, first < _start ? _start : first, zone);
            while (b < last && b < now)
            {
                var next = Next(period, b, zone);
                if (next > _start)
                {
                    var from = b < _start ? _start : b;
                    var to = next > now ? now : next;
                    var energy = CumulativeAt(to).Rounded() - CumulativeAt(from).Rounded();
                    buckets.Add(new HistoryBucket(TimeZoneInfo.ConvertTime(b, zone), energy));
                }

                b = next;
            }

            return buckets;
        }
    }

    /// <summary>Starts over at the current time: initial charge, counters cleared, the site's current settings.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Restart(_time.GetUtcNow());
        }
    }

    public static bool IsPeriod(string period) => period is "day" or "week" or "month" or "year" or "lifetime";

    private void Restart(DateTimeOffset now)
    {
        var (sequence, settings) = _state.Operating();
        _seenSequence = sequence;
        _pending.Clear();
        _settings = settings;
        _policy = new TariffPolicy(SiteTariff.Parse(settings.TariffContentV2), _zone, _options.RoundTripEfficiency);
        _start = now;
        _t = now;
        _stored = TotalPackEnergy * Math.Clamp(_options.InitialStateOfChargePercent, 0, 100) / 100;
        _cumulative = default;
        _firstBucket = BucketIndex(now);
        _bucketStarts.Clear();
        _bucketStarts.Add(default);
        _current = null;
    }

    private DateTimeOffset AdvanceToNow()
    {
        var now = _time.GetUtcNow();
        if (now < _t)
        {
            return _t; // a clock never goes back; if one did, the model waits for it
        }

        foreach (var change in _state.ChangesAfter(_seenSequence))
        {
            _pending.Enqueue((change.At + _delay, change.Settings));
            _seenSequence = change.Sequence;
        }

        while (true)
        {
            ApplyDueSettings();
            var end = NextStepBoundary(_t);
            if (_pending.TryPeek(out var next) && next.EffectiveAt < end)
            {
                end = next.EffectiveAt;
            }

            if (end > now)
            {
                return now;
            }

            Commit(CurrentSegment(), end);
        }
    }

    private void ApplyDueSettings()
    {
        while (_pending.TryPeek(out var next) && next.EffectiveAt <= _t)
        {
            _pending.Dequeue();
            if (next.Settings.TariffContentV2 != _settings.TariffContentV2)
            {
                _policy = new TariffPolicy(SiteTariff.Parse(next.Settings.TariffContentV2), _zone, _options.RoundTripEfficiency);
            }

            _settings = next.Settings;
            _current = null;
        }
    }

    private void Commit(Segment segment, DateTimeOffset end)
    {
        var hours = (end - _t).TotalHours;
        _cumulative += EnergyFlows.FromPower(segment.Solar, segment.Load, segment.Battery, hours);
        _stored = Math.Clamp(_stored + (segment.StoredRate * hours), 0, TotalPackEnergy);
        _t = end;
        _current = null;
        if (end.UtcTicks % BucketLength.Ticks == 0)
        {
            var index = (int)(BucketIndex(end) - _firstBucket);
            while (_bucketStarts.Count <= index)
            {
                _bucketStarts.Add(_cumulative);
            }
        }
    }

    private LiveSample Live(DateTimeOffset now)
    {
        var segment = CurrentSegment();
        var stored = StoredAt(now);
        return new LiveSample(segment.Solar, segment.Load, segment.Battery, segment.Grid, 100 * stored / TotalPackEnergy, stored, TotalPackEnergy);
    }

    private double StoredAt(DateTimeOffset now) =>
        Math.Clamp(_stored + (CurrentSegment().StoredRate * Math.Max(0, (now - _t).TotalHours)), 0, TotalPackEnergy);

    /// <summary>Cumulative flows at an instant within [_start, now]: exact from the current segment on, else at the quarter hour before.</summary>
    private EnergyFlows CumulativeAt(DateTimeOffset instant)
    {
        if (instant <= _start)
        {
            return default;
        }

        if (instant >= _t)
        {
            var segment = CurrentSegment();
            return _cumulative + EnergyFlows.FromPower(segment.Solar, segment.Load, segment.Battery, (instant - _t).TotalHours);
        }

        var index = (int)(BucketIndex(instant) - _firstBucket);
        return _bucketStarts[Math.Clamp(index, 0, _bucketStarts.Count - 1)];
    }

    private Segment CurrentSegment() => _current ??= Decide(_t);

    /// <summary>The power of a segment starting at <paramref name="at"/>, from the state there.</summary>
    private Segment Decide(DateTimeOffset at)
    {
        var minute = FloorTo(at, Step);
        var horizon = (minute + Step - at).TotalHours;
        var (solarW, loadW) = _profile.PowerAt(minute + (Step / 2), _zone, _options.SolarPeakWatts);
        var solar = Math.Round(solarW);
        var load = Math.Round(loadW);

        var capacity = TotalPackEnergy;
        var reserveWh = capacity * Math.Clamp(_settings.BackupReservePercent, 0, 100) / 100;
        var maxCharge = Math.Min(MaxPower, Math.Floor((capacity - _stored) / (_chargeEfficiency * horizon)));
        var maxDischarge = _stored > reserveWh ? Math.Min(MaxPower, Math.Floor((_stored - reserveWh) * _dischargeEfficiency / horizon)) : 0;
        maxCharge = Math.Max(0, maxCharge);
        maxDischarge = Math.Max(0, maxDischarge);
        var gridCharging = _settings.GridChargingAllowed;

        var intent = _settings.Mode switch
        {
            "backup" => gridCharging ? BatteryIntent.ChargeFromGrid : BatteryIntent.Hold,
            "autonomous" => _policy.IntentAt(at, gridCharging),
            _ => BatteryIntent.SelfConsumption,
        };
        if (intent == BatteryIntent.Export && _settings.ExportRule == "never")
        {
            intent = BatteryIntent.SelfConsumption; // nothing may leave: better stored than curtailed
        }

        var net = load - solar; // > 0: the home needs more than the sun gives
        var battery = intent switch
        {
            BatteryIntent.Export => maxDischarge,
            BatteryIntent.ChargeFromGrid => -maxCharge,
            BatteryIntent.Hold => net > 0 ? 0 : -Math.Min(-net, maxCharge),
            _ => net > 0 ? Math.Min(net, maxDischarge) : -Math.Min(-net, maxCharge),
        };

        // Below the reserve (it was raised): autonomous and backup charge back up to it from the grid.
        if (_settings.Mode != "self_consumption" && gridCharging && _stored < reserveWh - ReserveToleranceWh)
        {
            var toReserve = Math.Min(maxCharge, Math.Floor((reserveWh - _stored) / (_chargeEfficiency * horizon)));
            battery = Math.Min(battery, -toReserve);
        }

        // The export rule: the battery exports only under battery_ok; under never the surplus solar is curtailed.
        if (battery > 0 && _settings.ExportRule != "battery_ok")
        {
            battery = Math.Min(battery, Math.Max(0, net));
        }

        var grid = load - solar - battery;
        if (grid < 0 && _settings.ExportRule == "never")
        {
            solar += grid;
            grid = 0;
        }

        var storedRate = battery < 0 ? -battery * _chargeEfficiency : -battery / _dischargeEfficiency;

        // + 0.0 turns a negative zero (from negating a zero limit) into 0, which JSON writes as "0", not "-0".
        return new Segment(solar + 0.0, load + 0.0, battery + 0.0, grid + 0.0, storedRate, intent);
    }

    private static long BucketIndex(DateTimeOffset instant) => instant.UtcTicks / BucketLength.Ticks;

    private static DateTimeOffset NextStepBoundary(DateTimeOffset instant) => FloorTo(instant, Step) + Step;

    private static DateTimeOffset FloorTo(DateTimeOffset instant, TimeSpan unit) =>
        new(instant.UtcTicks - (instant.UtcTicks % unit.Ticks), TimeSpan.Zero);

    private DateTimeOffset PeriodStart(string period, DateTimeOffset end, TimeZoneInfo zone)
    {
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(end, zone).DateTime);
        return period switch
        {
            "week" => LocalMidnight(date.AddDays(-6), zone),
            "month" => LocalMidnight(new DateOnly(date.Year, date.Month, 1), zone),
            "year" => LocalMidnight(new DateOnly(date.Year, 1, 1), zone),
            "lifetime" => _start,
            _ => LocalMidnight(date, zone),
        };
    }

    /// <summary>The start of the bucket containing <paramref name="instant"/>.</summary>
    private static DateTimeOffset Floor(string period, DateTimeOffset instant, TimeZoneInfo zone)
    {
        if (period == "day")
        {
            return FloorTo(instant, BucketLength);
        }

        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
        return period switch
        {
            "year" => LocalMidnight(new DateOnly(date.Year, date.Month, 1), zone),
            "lifetime" => LocalMidnight(new DateOnly(date.Year, 1, 1), zone),
            _ => LocalMidnight(date, zone),
        };
    }

    private static DateTimeOffset Next(string period, DateTimeOffset bucketStart, TimeZoneInfo zone)
    {
        if (period == "day")
        {
            return bucketStart + BucketLength;
        }

        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(bucketStart, zone).DateTime);
        return period switch
        {
            "year" => LocalMidnight(new DateOnly(date.Year, date.Month, 1).AddMonths(1), zone),
            "lifetime" => LocalMidnight(new DateOnly(date.Year + 1, 1, 1), zone),
            _ => LocalMidnight(date.AddDays(1), zone),
        };
    }

    /// <summary>The instant a local date begins (the first valid local time when midnight is skipped by DST).</summary>
    public static DateTimeOffset LocalMidnight(DateOnly date, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static TimeZoneInfo ResolveZone(string id) =>
        string.IsNullOrEmpty(id)
            ? TimeZoneInfo.CreateCustomTimeZone("NEM", TimeSpan.FromHours(10), "NEM", "NEM")
            : TimeZoneInfo.FindSystemTimeZoneById(id);

    /// <param name="StoredRate">Wh per hour into (+) or out of (−) the cells.</param>
    private sealed record Segment(double Solar, double Load, double Battery, double Grid, double StoredRate, BatteryIntent Intent);
}
