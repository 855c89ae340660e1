using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace TeslaSync.ServiceDefaults.Secrets;

/// <summary>
/// Puts a <see cref="StoredSecret"/> over the configured value of an options type, and tells the options
/// monitor when it changes, so the client uses a new token from its next call without a restart.
/// </summary>
public sealed class StoredSecretOptions<TOptions>(StoredSecret secret, Action<TOptions, string> apply)
    : IPostConfigureOptions<TOptions>, IOptionsChangeTokenSource<TOptions>
    where TOptions : class
{
    public string Name => Options.DefaultName;

    public void PostConfigure(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (secret.Current is { } stored)
        {
            apply(options, stored);
        }
    }

    public IChangeToken GetChangeToken() => secret.Changed;
}

public static class StoredSecretServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TSecret"/> and lays it over <typeparamref name="TOptions"/> with
    /// <paramref name="apply"/>, so the options monitor sees a stored value, and a new one without a restart.
    /// </summary>
    public static IServiceCollection AddStoredSecret<TSecret, TOptions>(this IServiceCollection services, Action<TOptions, string> apply)
        where TSecret : StoredSecret
        where TOptions : class
    {
        services.AddSingleton<TSecret>();
        services.AddSingleton(sp => new StoredSecretOptions<TOptions>(sp.GetRequiredService<TSecret>(), apply));
        services.AddSingleton<IPostConfigureOptions<TOptions>>(sp => sp.GetRequiredService<StoredSecretOptions<TOptions>>());
        services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(sp => sp.GetRequiredService<StoredSecretOptions<TOptions>>());
        return services;
    }
}
