namespace TeslaSync.AppHost.Hosting;

/// <summary>Finds <c>redis-server</c>, which the AppHost runs but does not ship.</summary>
public static class RedisServerLocator
{
    public const string InstallHint = "sudo apt-get install redis-server";

    public static string MissingMessage { get; } =
        "redis-server was not found on PATH. The AppHost runs a private Redis (free loopback port, no persistence) for the services.\n" +
        $"Install it with:  {InstallHint}\n" +
        "or point the AppHost at one with --AppHost:RedisServerPath=/path/to/redis-server";

    /// <summary>The configured path if it exists, else the first executable <c>redis-server</c> on <paramref name="pathVariable"/>; null if none.</summary>
    public static string? Find(string? pathVariable, string? configuredPath = null)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            return File.Exists(configuredPath) ? Path.GetFullPath(configuredPath) : null;
        }

        foreach (var directory in (pathVariable ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "redis-server");
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() ||
        (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
