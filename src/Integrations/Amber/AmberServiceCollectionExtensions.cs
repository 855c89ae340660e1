using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Amber.Http;

namespace TeslaSync.Integrations.Amber;

/// <summary>Registers the Amber typed HttpClient.</summary>
public static class AmberServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AmberClient"/> (also as <see cref="IAmberClient"/>), the shared <see cref="AmberRequestBudget"/>
    /// and <see cref="AmberPriceSocket"/>, with <see cref="AmberOptions"/> bound from the <c>Amber</c> section of
    /// <paramref name="configuration"/> and validated at start.
    /// </summary>
    /// <remarks>
    /// The Amber HttpClient owns its retry policy: any standard resilience handler from <c>ConfigureHttpClientDefaults</c>
    /// is removed, because it would retry 429s and spend budget the budget does not know about. Handler order, outermost
    /// first: <c>AmberRetryHandler</c> (5xx/408/transport, never 429), <c>AmberRequestBudgetHandler</c> (one budget slot
    /// per attempt), then handlers added through the returned builder.
    /// </remarks>
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
            .Validate(o => string.IsNullOrWhiteSpace(o.WebSocketUrl) || IsAbsoluteWebSocketUri(o.WebSocketUrl),
                $"{AmberOptions.SectionName}:WebSocketUrl must be empty or an absolute ws(s) URI.")
            .Validate(o => o.RequestsPerWindow >= 1 && o.WindowSeconds >= 1,
                $"{AmberOptions.SectionName}:RequestsPerWindow and WindowSeconds must be at least 1.")
            .Validate(o => o.MaxBudgetWaitSeconds >= 0 && o.MaxRetryAttempts is >= 0 and <= 5 && o.RetryBaseDelaySeconds >= 0,
                $"{AmberOptions.SectionName}: MaxBudgetWaitSeconds and RetryBaseDelaySeconds must be >= 0, MaxRetryAttempts 0-5.")
            .Validate(o => o.RequestTimeoutSeconds >= 1 && o.WebSocketTimeoutSeconds is >= 1 and <= 240,
                $"{AmberOptions.SectionName}: RequestTimeoutSeconds must be >= 1 and WebSocketTimeoutSeconds 1-240.")
            .ValidateOnStart();

        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AmberRequestBudget>();
        services.TryAddSingleton<AmberPriceSocket>();
        services.TryAddTransient<AmberRetryHandler>();
        services.TryAddTransient<AmberRequestBudgetHandler>();

        // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt out of the defaults.
#pragma warning disable EXTEXP0001
        var builder = services.AddHttpClient<AmberClient>().RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.AddHttpMessageHandler<AmberRetryHandler>();
        builder.AddHttpMessageHandler<AmberRequestBudgetHandler>();
        services.TryAddTransient<IAmberClient>(sp => sp.GetRequiredService<AmberClient>());
        return builder;
    }

    private static bool IsAbsoluteWebSocketUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeWss || uri.Scheme == Uri.UriSchemeWs);

    private static bool IsAbsoluteHttpUri(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
