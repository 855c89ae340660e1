using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TeslaSync.Integrations.Tesla;

/// <summary>Registers the Tesla typed HttpClient.</summary>
public static class TeslaServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TeslaFleetClient"/> as <see cref="ITeslaEnergyClient"/> with
    /// <see cref="TeslaOptions"/> bound from the <c>Tesla</c> section of <paramref name="configuration"/>
    /// and validated at start. No resilience handler is added: the hosting layer adds the standard one.
    /// </summary>
    /// <param name="configuration">The application's configuration root (the section is looked up here).</param>
    public static IHttpClientBuilder AddTeslaClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, services.AddOptions<TeslaOptions>().Bind(configuration.GetSection(TeslaOptions.SectionName)));
    }

    /// <summary>Registers <see cref="TeslaFleetClient"/> with options set in code (tests, simulators).</summary>
    public static IHttpClientBuilder AddTeslaClient(this IServiceCollection services, Action<TeslaOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, services.AddOptions<TeslaOptions>().Configure(configure));
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services, OptionsBuilder<TeslaOptions> options)
    {
        options
            .Validate(o => IsAbsoluteHttpUri(o.BaseUrl), $"{TeslaOptions.SectionName}:BaseUrl must be an absolute http(s) URI.")
            .ValidateOnStart();

        return services.AddHttpClient<ITeslaEnergyClient, TeslaFleetClient>();
    }

    private static bool IsAbsoluteHttpUri(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
