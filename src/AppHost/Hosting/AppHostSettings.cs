using Microsoft.Extensions.Configuration;

namespace TeslaSync.AppHost.Hosting;

/// <summary>
/// The AppHost's own knobs, from its configuration (appsettings.json, user secrets, environment,
/// command line), e.g. <c>--AppHost:StartupTimeoutSeconds=180</c>.
/// </summary>
internal sealed record AppHostSettings(
    string ApplicationName,
    LaunchSettings Launch,
    TimeSpan StartupTimeout,
    TimeSpan StopTimeout,
    string? RedisServerPath,
    string? StateFilePath,
    string? PathVariable)
{
    public static AppHostSettings From(IConfiguration configuration, AppHostMetadata metadata, string applicationName)
    {
        var section = configuration.GetSection("AppHost");
        var launch = new LaunchSettings(
            EnvironmentName: configuration["ASPNETCORE_ENVIRONMENT"] ?? configuration["DOTNET_ENVIRONMENT"] ?? "Development",
            OtlpEndpoint: configuration["OTEL_EXPORTER_OTLP_ENDPOINT"],
            ParentProcessId: Environment.ProcessId,
            // Demo runs keep their simulated history apart from a real deployment's (AppHost:DataProfile=demo).
            DataRoot: Path.GetFullPath(section["DataDirectory"] ?? Path.Combine(metadata.RepositoryRoot, ".data", section["DataProfile"] ?? string.Empty)));

        return new AppHostSettings(
            applicationName,
            launch,
            StartupTimeout: TimeSpan.FromSeconds(section.GetValue("StartupTimeoutSeconds", 90)),
            StopTimeout: TimeSpan.FromSeconds(section.GetValue("StopTimeoutSeconds", 10)),
            RedisServerPath: section["RedisServerPath"],
            StateFilePath: configuration[StateFile.EnvironmentVariable],
            PathVariable: Environment.GetEnvironmentVariable("PATH"));
    }
}
