using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TeslaSync.Integrations.Aemo;

/// <summary>Registers the AEMO typed HttpClient.</summary>
public static class AemoServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AemoClient"/> (also as <see cref="IAemoClient"/>) with <see cref="AemoOptions"/>
    /// bound from the <c>Aemo</c> section of <paramref name="configuration"/> and validated at start.
    /// No resilience handler is added: the hosting layer adds the standard one.
    /// </summary>
    /// <param name="configuration">The application's configuration root (the section is looked up here).</param>
    public static IHttpClientBuilder AddAemoClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, services.AddOptions<AemoOptions>().Bind(configuration.GetSection(AemoOptions.SectionName)));
    }

    /// <summary>Registers <see cref="AemoClient"/> with options set in code (tests, simulators).</summary>
    public static IHttpClientBuilder AddAemoClient(this IServiceCollection services, Action<AemoOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, services.AddOptions<AemoOptions>().Configure(configure));
    }

    /// <summary>
    /// Registers <see cref="NemWebClient"/> (also as <see cref="INemWebClient"/>), the second AEMO source, with the
    /// same <see cref="AemoOptions"/> (<c>Aemo:NemWebBaseUrl</c>). No resilience handler is added here either.
    /// </summary>
    public static IHttpClientBuilder AddNemWebClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddNemWebCore(services, services.AddOptions<AemoOptions>().Bind(configuration.GetSection(AemoOptions.SectionName)));
    }

    /// <summary>Registers <see cref="NemWebClient"/> with options set in code (tests, simulators).</summary>
    public static IHttpClientBuilder AddNemWebClient(this IServiceCollection services, Action<AemoOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddNemWebCore(services, services.AddOptions<AemoOptions>().Configure(configure));
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services, OptionsBuilder<AemoOptions> options)
    {
        Validate(options);

        var builder = services.AddHttpClient<AemoClient>();
        services.TryAddTransient<IAemoClient>(sp => sp.GetRequiredService<AemoClient>());
        return builder;
    }

    private static IHttpClientBuilder AddNemWebCore(IServiceCollection services, OptionsBuilder<AemoOptions> options)
    {
        Validate(options);
        var builder = services.AddHttpClient<NemWebClient>();
        services.TryAddTransient<INemWebClient>(sp => sp.GetRequiredService<NemWebClient>());
        return builder;
    }

    private static void Validate(OptionsBuilder<AemoOptions> options) =>
        options
            .Validate(o => IsAbsoluteHttpUri(o.BaseUrl), $"{AemoOptions.SectionName}:BaseUrl must be an absolute http(s) URI.")
            .Validate(o => IsAbsoluteHttpUri(o.NemWebBaseUrl), $"{AemoOptions.SectionName}:NemWebBaseUrl must be an absolute http(s) URI.")
            .ValidateOnStart();

    private static bool IsAbsoluteHttpUri(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
