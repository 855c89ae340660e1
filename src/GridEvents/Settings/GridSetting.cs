using TeslaSync.Domain.Tariffs;

namespace TeslaSync.GridEvents.Settings;

/// <summary>
/// One threshold or switch the user may change: how it is described, and how its value is read
/// from and written to the options it lives in (as canonical text, see <see cref="SettingFormat"/>).
/// </summary>
internal sealed class GridSetting
{
    private readonly Func<GridOptions, string> _read;
    private readonly Func<GridOptions, string, string?> _write;

    private GridSetting(
        string key, string label, string description, SettingKind kind, string? unit, decimal? min, decimal? max, Type options,
        Func<GridOptions, string> read, Func<GridOptions, string, string?> write)
    {
        (Key, Label, Description, Kind, Unit, Min, Max, Options) = (key, label, description, kind, unit, min, max, options);
        (_read, _write) = (read, write);
    }

    /// <summary>Stable and dotted: "spike.threshold".</summary>
    public string Key { get; }

    public string Label { get; }

    public string Description { get; }

    public SettingKind Kind { get; }

    /// <summary>"$/MWh", "c/kWh", "min" or null.</summary>
    public string? Unit { get; }

    public decimal? Min { get; }

    public decimal? Max { get; }

    /// <summary>The options type the setting lives in.</summary>
    public Type Options { get; }

    public string Read(GridOptions options) => _read(options);

    /// <summary>Writes <paramref name="text"/> into <paramref name="options"/>; null when done, else why it cannot be.</summary>
    public string? Write(GridOptions options, string text) => _write(options, text);

    public static GridSetting Flag<TOptions>(
        string key, string label, string description, Func<GridOptions, TOptions> of, Func<TOptions, bool> get, Action<TOptions, bool> set) =>
        new(key, label, description, SettingKind.Bool, null, null, null, typeof(TOptions),
            o => SettingFormat.Bool(get(of(o))),
            (o, text) => Set(SettingFormat.ParseBool(text, out var problem), problem, value => set(of(o), value)));

    public static GridSetting Number<TOptions>(
        string key, string label, string description, string unit, decimal min, decimal max,
        Func<GridOptions, TOptions> of, Func<TOptions, decimal> get, Action<TOptions, decimal> set) =>
        new(key, label, description, SettingKind.Number, unit, min, max, typeof(TOptions),
            o => SettingFormat.Number(get(of(o))),
            (o, text) => Set(InRange(SettingFormat.ParseNumber(text, out var problem), min, max, unit, ref problem), problem, value => set(of(o), value)));

    /// <summary>A duration, shown and entered in minutes.</summary>
    public static GridSetting Minutes<TOptions>(
        string key, string label, string description, decimal min, decimal max,
        Func<GridOptions, TOptions> of, Func<TOptions, TimeSpan> get, Action<TOptions, TimeSpan> set) =>
        new(key, label, description, SettingKind.Number, "min", min, max, typeof(TOptions),
            o => SettingFormat.Minutes(get(of(o))),
            (o, text) => Set(InRange(SettingFormat.ParseNumber(text, out var problem), min, max, "min", ref problem), problem,
                minutes => set(of(o), TimeSpan.FromMinutes((double)minutes))));

    public static GridSetting Time<TOptions>(
        string key, string label, string description, Func<GridOptions, TOptions> of, Func<TOptions, TimeOnly> get, Action<TOptions, TimeOnly> set) =>
        new(key, label, description, SettingKind.Time, null, null, null, typeof(TOptions),
            o => SettingFormat.Time(get(of(o))),
            (o, text) => Set(SettingFormat.ParseTime(text, out var problem), problem, value => set(of(o), value)));

    public static GridSetting Days<TOptions>(
        string key, string label, string description, Func<GridOptions, TOptions> of, Func<TOptions, DaysOfWeek> get, Action<TOptions, DaysOfWeek> set) =>
        new(key, label, description, SettingKind.Days, null, null, null, typeof(TOptions),
            o => SettingFormat.Days(get(of(o))),
            (o, text) => Set(SettingFormat.ParseDays(text, out var problem), problem, value => set(of(o), value)));

    private static string? Set<TValue>(TValue? value, string? problem, Action<TValue> set)
        where TValue : struct
    {
        if (value is { } parsed)
        {
            set(parsed);
            return null;
        }

        return problem;
    }

    private static decimal? InRange(decimal? value, decimal min, decimal max, string unit, ref string? problem)
    {
        if (value is { } number && (number < min || number > max))
        {
            problem = $"{SettingFormat.Number(number)} is outside {SettingFormat.Number(min)} to {SettingFormat.Number(max)} {unit}.";
            return null;
        }

        return value;
    }
}
