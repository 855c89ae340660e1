using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Tesla.Auth;
using TeslaSync.Integrations.Tesla.Http;

namespace TeslaSync.Integrations.Tesla;

/// <summary>Registers the Tesla client: provider, token handling, region handling and the retry pipeline.</summary>
public static class TeslaServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ITeslaEnergyClient"/> with <see cref="TeslaOptions"/> bound from the <c>Tesla</c> section
    /// of <paramref name="configuration"/> and validated at start.
    /// </summary>
    /// <param name="configuration">The application's configuration root (the section is looked up here).</param>
    /// <returns>
    /// The Tesla API HttpClient's builder. Handlers added to it run innermost, once per HTTP attempt (retries,
    /// region lookups and the retry after a refresh included), and can read <see cref="TeslaRequestOptions.CallKind"/>
    /// and <see cref="TeslaRequestOptions.EnergySiteId"/>: the place for call-budget counting.
    /// </returns>
    /// <remarks>
    /// Handler order, outermost first: the Tesla resilience pipeline (<see cref="TeslaResiliencePipeline"/>, which replaces any
    /// standard resilience handler from <c>ConfigureHttpClientDefaults</c>), <c>TeslaRoutingHandler</c> (region),
    /// <c>TeslaBearerTokenHandler</c> (token, one retry on 401), then handlers added by the caller.
    /// With <see cref="TeslaOptions.UsesOAuth"/> the host must register an <see cref="ITeslaTokenStore"/>;
    /// <see cref="TeslaTokenManager"/> (singleton) then supplies tokens and <see cref="TeslaOAuthClient"/> the sign-in.
    /// To supply tokens differently (a process that does not own the account), register an
    /// <see cref="ITeslaAccessTokenSource"/> before calling this.
    /// </remarks>
    public static IHttpClientBuilder AddTeslaClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, services.AddOptions<TeslaOptions>().Bind(configuration.GetSection(TeslaOptions.SectionName)));
    }

    /// <summary>Registers the Tesla client with options set in code (tests, simulators). See the other overload.</summary>
    public static IHttpClientBuilder AddTeslaClient(this IServiceCollection services, Action<TeslaOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, services.AddOptions<TeslaOptions>().Configure(configure));
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services, OptionsBuilder<TeslaOptions> options)
    {
        options
            .Validate(o => IsAbsoluteHttpUri(o.EffectiveBaseUrl), $"{TeslaOptions.SectionName}:BaseUrl must be an absolute http(s) URI.")
            .Validate(o => !o.UsesOAuth || (IsAbsoluteHttpUri(o.OAuth.TokenUrl) && IsAbsoluteHttpUri(o.OAuth.AuthorizeUrl)),
                $"{TeslaOptions.SectionName}:OAuth:TokenUrl and AuthorizeUrl must be absolute http(s) URIs.")
            .Validate(o => o.Resilience.MaxRetryAttempts is >= 0 and <= 10, $"{TeslaOptions.SectionName}:Resilience:MaxRetryAttempts must be 0-10.")
            .Validate(o => o.Resilience.AttemptTimeout > TimeSpan.Zero && o.Resilience.TotalTimeout >= o.Resilience.AttemptTimeout,
                $"{TeslaOptions.SectionName}:Resilience: AttemptTimeout must be positive and TotalTimeout at least as long.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TeslaApiHost>();
        services.TryAddSingleton<StaticTeslaAccessTokenSource>();
        services.TryAddSingleton<TeslaOAuthClient>();
        // A factory, not a type: a host using a static token has no ITeslaTokenStore, and ValidateOnBuild must not object to that.
        services.TryAddSingleton(sp => new TeslaTokenManager(
            sp.GetService<ITeslaTokenStore>() ?? throw new InvalidOperationException(
                $"{TeslaOptions.SectionName}:OAuth:ClientId is set, so the host must register an {nameof(ITeslaTokenStore)} (encrypted storage for the Tesla tokens)."),
            sp.GetRequiredService<TeslaOAuthClient>(),
            sp.GetRequiredService<IOptionsMonitor<TeslaOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<TeslaTokenManager>>()));
        services.TryAddSingleton<ITeslaAccessTokenSource>(sp =>
            sp.GetRequiredService<IOptions<TeslaOptions>>().Value.UsesOAuth
                ? sp.GetRequiredService<TeslaTokenManager>()
                : sp.GetRequiredService<StaticTeslaAccessTokenSource>());
        services.TryAddTransient<TeslaRoutingHandler>();
        services.TryAddTransient<TeslaBearerTokenHandler>();

        // The token endpoint gets no retries at all: codes and refresh tokens are single-use (TeslaOAuthClient).
        // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt out of the defaults.
#pragma warning disable EXTEXP0001
        services.AddHttpClient(TeslaOAuthClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers();

        // The pipeline owns the timeouts (per attempt and total), so HttpClient's own 100 s limit is switched off.
        var api = services.AddHttpClient<ITeslaEnergyClient, TeslaFleetClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        api.AddResilienceHandler(TeslaResiliencePipeline.Name, (pipeline, context) => pipeline.AddTeslaStrategies(
            context.ServiceProvider.GetRequiredService<IOptions<TeslaOptions>>().Value.Resilience,
            context.ServiceProvider.GetRequiredService<TimeProvider>()));
        api.AddHttpMessageHandler<TeslaRoutingHandler>();
        api.AddHttpMessageHandler<TeslaBearerTokenHandler>();
        return api;
    }

    private static bool IsAbsoluteHttpUri(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
