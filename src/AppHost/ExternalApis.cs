using Microsoft.Extensions.Configuration;
using TeslaSync.AppHost.Hosting;

namespace TeslaSync.AppHost;

/// <summary>
/// Where the services find Amber, Tesla and AEMO. Demo mode (the default for a new user) is decided
/// here, once: with no credential configured for the AppHost, the simulator stands in for all three
/// APIs; with one, the user's own Amber/Tesla/Teslemetry settings are passed through.
/// </summary>
public static class ExternalApis
{
    /// <summary>Any of these configured (appsettings.json, user secrets, environment, command line) = real APIs.</summary>
    public static IReadOnlyList<string> CredentialKeys { get; } = ["Amber:ApiToken", "Tesla:AccessToken", "Teslemetry:AccessToken"];

    /// <summary>Sections passed through to the services when credentials are configured.</summary>
    public static IReadOnlyList<string> CredentialSections { get; } = ["Amber", "Tesla", "Teslemetry"];

    public const string SimulatorAmberToken = "sim-amber-token";
    public const string SimulatorTeslaToken = "sim-tesla-token";

    public static bool IsDemoMode(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return CredentialKeys.All(key => string.IsNullOrWhiteSpace(configuration[key]));
    }

    /// <summary>Points every API at the simulator listening on <paramref name="simulatorUrl"/> (http://127.0.0.1:port).</summary>
    public static IReadOnlyDictionary<string, string> DemoEnvironment(string simulatorUrl)
    {
        ArgumentNullException.ThrowIfNull(simulatorUrl);
        var root = simulatorUrl.TrimEnd('/');
        var webSocketRoot = "ws" + root["http".Length..];
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Amber__BaseUrl"] = $"{root}/amber/v1",
            ["Amber__WebSocketUrl"] = $"{webSocketRoot}/amber/ws",
            ["Amber__ApiToken"] = SimulatorAmberToken,
            ["Tesla__BaseUrl"] = $"{root}/tesla",
            ["Tesla__AccessToken"] = SimulatorTeslaToken,
            ["Aemo__BaseUrl"] = $"{root}/aemo",
            ["Aemo__NemWebBaseUrl"] = $"{root}/nemweb",
            ["TeslaSync__DemoMode"] = "true",
        };
    }

    /// <summary>The user's Amber:*, Tesla:* and Teslemetry:* settings as environment variables (Amber__ApiToken, ...).</summary>
    public static IReadOnlyDictionary<string, string> CredentialEnvironment(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var env = ConfigurationPassThrough.AsEnvironment(configuration, CredentialSections);
        env["TeslaSync__DemoMode"] = "false";
        return env;
    }

    /// <summary>
    /// In demo mode (<paramref name="simulator"/> given): reference and wait for the simulator and point
    /// the APIs at it. Otherwise: pass the user's credentials and settings.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithExternalApis(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ProjectResource>? simulator)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (simulator is null)
        {
            var credentials = CredentialEnvironment(builder.ApplicationBuilder.Configuration);
            return builder.WithEnvironment(env =>
            {
                foreach (var (key, value) in credentials)
                {
                    env[key] = value;
                }
            });
        }

        return builder
            .WithReference(simulator)
            .WaitFor(simulator)
            .WithEnvironment(env =>
            {
                // The simulator's port is known only once the application is built.
                foreach (var (key, value) in DemoEnvironment(simulator.Resource.GetEndpoint(ProjectResource.HttpEndpointName).Url))
                {
                    env[key] = value;
                }
            });
    }
}
