using Microsoft.Extensions.Configuration;
using TeslaSync.AppHost.Hosting;

namespace TeslaSync.AppHost;

/// <summary>Hands sections of the launcher's own configuration (user secrets, appsettings, command line) to a service.</summary>
public static class ConfigurationPassThrough
{
    /// <summary>The settings under <paramref name="sections"/> as environment variables: <c>Amber:ApiToken</c> → <c>Amber__ApiToken</c>.</summary>
    public static SortedDictionary<string, string> AsEnvironment(IConfiguration configuration, IEnumerable<string> sections)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(sections);
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable())
            {
                if (value is not null)
                {
                    env[key.Replace(":", "__", StringComparison.Ordinal)] = value;
                }
            }
        }

        return env;
    }

    /// <summary>Passes the launcher's settings under <paramref name="sections"/> to the service.</summary>
    public static IResourceBuilder<ProjectResource> WithConfigurationSections(this IResourceBuilder<ProjectResource> builder, params string[] sections)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = AsEnvironment(builder.ApplicationBuilder.Configuration, sections);
        return builder.WithEnvironment(env =>
        {
            foreach (var (key, value) in settings)
            {
                env[key] = value;
            }
        });
    }
}
