using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace TeslaSync.GridEvents.Settings;

/// <summary>
/// The settings the user changed, as stored in the database, held in memory for the options to
/// read. Replacing them signals the options monitors, so the next decision sees the new values
/// without a restart.
/// </summary>
internal sealed class StoredGridSettings
{
    private ImmutableDictionary<string, string> _values = ImmutableDictionary<string, string>.Empty;
    private CancellationTokenSource _changed = new();

    public IReadOnlyDictionary<string, string> Values => Volatile.Read(ref _values);

    public IChangeToken ChangeToken => new CancellationChangeToken(Volatile.Read(ref _changed).Token);

    public void Replace(IReadOnlyDictionary<string, string> values)
    {
        Volatile.Write(ref _values, values.ToImmutableDictionary(StringComparer.Ordinal));
        var previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
    }
}

/// <summary>
/// Lays the stored settings of one options type over its configuration (after every Configure, so
/// they win), and tells its monitor when they change.
/// </summary>
internal sealed class StoredGridSettingsSource<TOptions>(StoredGridSettings stored) : IPostConfigureOptions<TOptions>, IOptionsChangeTokenSource<TOptions>
    where TOptions : class
{
    public string Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => stored.ChangeToken;

    public void PostConfigure(string? name, TOptions options)
    {
        var around = GridOptions.Around(options);
        foreach (var (key, value) in stored.Values)
        {
            // A stored value was checked when it was saved; one no longer understood keeps the configured value.
            if (GridSettingsCatalog.Find(key) is { } setting && setting.Options == typeof(TOptions))
            {
                setting.Write(around, value);
            }
        }
    }
}
