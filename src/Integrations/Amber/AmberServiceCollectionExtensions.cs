using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TeslaSync.Integrations.Amber;

/// <summary>Registers the Amber typed HttpClient.</summary>
public static class AmberServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AmberClient"/> (also as <see cref="IAmberClient"/>) with
    /// <see cref="AmberOptions"/> bound from the <c>Amber</c> section of <paramref name="configuration"/>
    /// and validated at start. No resilience handler is added: the hosting layer adds the standard
    /// one (to all clients, or through the returned builder).
    /// </summary>
    /// <param name="configuration">The application's configuration root (the section is looked up here).</param>
    public static IHttpClientBuilder AddAmberClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, services.AddOptions<AmberOptions>().Bind(configuration.GetSection(AmberOptions.SectionName)));
    }

    /// <summary>Registers <see cref="AmberClient"/> with options set in code (tests, simulators).</summary>
    public static IHttpClientBuilder AddAmberClient(this IServiceCollection services, Action<AmberOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, services.AddOptions<AmberOptions>().Configure(configure));
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services, OptionsBuilder<AmberOptions> options)
    {
        options
            .Validate(o => IsAbsoluteHttpUri(o.BaseUrl), $"{AmberOptions.SectionName}:BaseUrl must be an absolute http(s) URI.")
            .ValidateOnStart();

        var builder = services.AddHttpClient<AmberClient>();
        services.TryAddTransient<IAmberClient>(sp => sp.GetRequiredService<AmberClient>());
        return builder;
    }

    private static bool IsAbsoluteHttpUri(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
