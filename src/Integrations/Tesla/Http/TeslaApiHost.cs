using Microsoft.Extensions.Options;

namespace TeslaSync.Integrations.Tesla.Http;

/// <summary>
/// The API base the calls go to now: the configured one until the region logic learns better
/// (Fleet: a 421 followed by <c>/api/1/users/region</c>; Teslemetry: <c>/api/metadata</c>).
/// One per process, shared by every Tesla HttpClient.
/// </summary>
public sealed class TeslaApiHost
{
    private readonly IOptionsMonitor<TeslaOptions> _options;
    private readonly Lock _gate = new();
    private Uri? _discovered;

    public TeslaApiHost(IOptionsMonitor<TeslaOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>The current base, always ending in <c>/</c> so relative paths keep any path it has (<c>…/tesla/</c>).</summary>
    public Uri BaseUri
    {
        get
        {
            lock (_gate)
            {
                return _discovered ?? WithTrailingSlash(_options.CurrentValue.EffectiveBaseUrl);
            }
        }
    }

    /// <summary>True once the region was learnt (Teslemetry discovery runs once per process).</summary>
    internal bool RegionKnown
    {
        get
        {
            lock (_gate)
            {
                return _discovered is not null;
            }
        }
    }

    /// <summary>Serialises discovery so concurrent callers cause one region call.</summary>
    internal SemaphoreSlim DiscoveryGate { get; } = new(1, 1);

    internal Uri Resolve(string relativePath) => new(BaseUri, relativePath);

    /// <summary>Switches to <paramref name="baseUrl"/> when it is a host the bearer token may be sent to; false otherwise.</summary>
    internal bool TrySwitch(string? baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var candidate) || !IsTrusted(candidate))
        {
            return false;
        }

        lock (_gate)
        {
            _discovered = WithTrailingSlash(candidate.AbsoluteUri);
        }

        return true;
    }

    /// <summary>Teslemetry found its region but keeps the configured host (simulator): remember that discovery is done.</summary>
    internal void KeepConfigured()
    {
        lock (_gate)
        {
            _discovered ??= WithTrailingSlash(_options.CurrentValue.EffectiveBaseUrl);
        }
    }

    // The token goes wherever the base points, so an answer may only move us to the provider's own
    // domains over https, or stay on the configured server (the simulator answers with its own address).
    private bool IsTrusted(Uri candidate)
    {
        var options = _options.CurrentValue;
        var configured = new Uri(options.EffectiveBaseUrl, UriKind.Absolute);
        if (string.Equals(candidate.Scheme, configured.Scheme, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(candidate.Authority, configured.Authority, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (candidate.Scheme != Uri.UriSchemeHttps)
        {
            return false;
        }

        string[] domains = options.Provider == TeslaProvider.Teslemetry ? [".teslemetry.com"] : [".tesla.com", ".tesla.cn"];
        return domains.Any(d => candidate.Host.EndsWith(d, StringComparison.OrdinalIgnoreCase));
    }

    private static Uri WithTrailingSlash(string url) => new(url.TrimEnd('/') + "/", UriKind.Absolute);
}
