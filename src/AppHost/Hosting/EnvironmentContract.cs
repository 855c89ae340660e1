using System.Globalization;

namespace TeslaSync.AppHost.Hosting;

/// <summary>AppHost-wide inputs to <see cref="EnvironmentContract.For"/>.</summary>
/// <param name="EnvironmentName">ASPNETCORE_ENVIRONMENT for every service (Development unless the AppHost was given one).</param>
/// <param name="OtlpEndpoint">Passed on only when the user gave the AppHost one.</param>
/// <param name="ParentProcessId">The AppHost's pid, so services can exit if the AppHost dies without stopping them.</param>
/// <param name="DataRoot">Each service gets <c>&lt;DataRoot&gt;/&lt;name&gt;</c> as its data directory.</param>
public sealed record LaunchSettings(string EnvironmentName, string? OtlpEndpoint, int ParentProcessId, string DataRoot);

/// <summary>
/// The environment a project process starts with: exactly what .NET Aspire would inject, so the
/// services run unchanged under real Aspire (see docs/decisions/0001-own-aspire-shaped-launcher.md).
/// A pure function of the declared resources and their allocated ports.
/// </summary>
public static class EnvironmentContract
{
    /// <summary>Every child gets it; services watch it (a hard-killed AppHost cannot stop its children).</summary>
    public const string ParentPidVariable = "TESLASYNC_PARENT_PID";

    /// <summary>
    /// Inherited variables removed from a child's environment: URL settings would fight the Kestrel
    /// endpoints below, and the state file belongs to the AppHost alone.
    /// </summary>
    public static IReadOnlyList<string> NotInherited { get; } =
    [
        "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "HTTP_PORTS", "HTTPS_PORTS",
        StateFile.EnvironmentVariable,
    ];

    public static IReadOnlyDictionary<string, string> For(ProjectResource resource, LaunchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(settings);

        var env = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = settings.EnvironmentName,
            ["OTEL_SERVICE_NAME"] = resource.Name,
            [ParentPidVariable] = settings.ParentProcessId.ToString(CultureInfo.InvariantCulture),
            ["Storage__DataDirectory"] = Path.Combine(settings.DataRoot, resource.Name),
        };

        if (!string.IsNullOrWhiteSpace(settings.OtlpEndpoint))
        {
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = settings.OtlpEndpoint;
        }

        // Kestrel reads these from configuration; one named endpoint per ResourceEndpoint.
        foreach (var endpoint in resource.Endpoints)
        {
            env[$"Kestrel__Endpoints__{endpoint.Name}__Url"] = endpoint.Url;
            env[$"Kestrel__Endpoints__{endpoint.Name}__Protocols"] = endpoint.Protocols.ToString();
        }

        foreach (var reference in resource.References)
        {
            switch (reference)
            {
                case RedisResource redis:
                    env[$"ConnectionStrings__{redis.Name}"] = redis.ConnectionString;
                    break;
                case ProjectResource project:
                    // Service discovery: http://tariffsync resolves through services:tariffsync:http:0.
                    foreach (var endpoint in project.Endpoints)
                    {
                        env[$"services__{project.Name}__{endpoint.Name}__0"] = endpoint.Url;
                    }

                    break;
            }
        }

        // WithEnvironment last, so a resource can add to or override the contract deliberately.
        foreach (var callback in resource.EnvironmentCallbacks)
        {
            callback(env);
        }

        return env;
    }
}
