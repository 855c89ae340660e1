using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using TeslaSync.Integrations.Tesla;

namespace TeslaSync.TariffSync.Account;

/// <summary>
/// Puts the access token from the settings page over the configured <c>Tesla:AccessToken</c>, and tells the
/// options monitor when it changes, so the Tesla client uses a new token from its next call without a restart.
/// </summary>
internal sealed class StoredTeslaTokenOptions(TeslaAccessTokenStore store) : IPostConfigureOptions<TeslaOptions>, IOptionsChangeTokenSource<TeslaOptions>
{
    public string Name => Options.DefaultName;

    public void PostConfigure(string? name, TeslaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (store.Current is { } stored)
        {
            options.AccessToken = stored;
        }
    }

    public IChangeToken GetChangeToken() => store.Changed;
}
