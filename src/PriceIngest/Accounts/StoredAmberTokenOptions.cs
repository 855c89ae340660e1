using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using TeslaSync.Integrations.Amber;

namespace TeslaSync.PriceIngest.Accounts;

/// <summary>
/// Puts the token from the settings page over the configured <c>Amber:ApiToken</c>, and tells the options
/// monitor when it changes, so the Amber client uses a new token from its next call without a restart.
/// </summary>
internal sealed class StoredAmberTokenOptions(AmberTokenStore store) : IPostConfigureOptions<AmberOptions>, IOptionsChangeTokenSource<AmberOptions>
{
    public string Name => Options.DefaultName;

    public void PostConfigure(string? name, AmberOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (store.Current is { } stored)
        {
            options.ApiToken = stored;
        }
    }

    public IChangeToken GetChangeToken() => store.Changed;
}
