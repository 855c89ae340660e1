using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace TeslaSync.ServiceDefaults;

/// <summary>Where a service keeps its database and key ring, bound from the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The service's own data folder; the launcher points it at <c>.data/&lt;service&gt;</c>.</summary>
    public string? DataDirectory { get; set; }
}

public static class StorageConfiguration
{
    /// <summary>
    /// The service's data folder, created if missing: <c>Storage:DataDirectory</c>, or else a
    /// per-service folder under the user's local application data.
    /// </summary>
    public static string GetDataDirectory(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.Configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.DataDirectory)}"];
        var directory = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "TeslaSync", builder.Environment.ApplicationName)
            : Path.GetFullPath(configured);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>
    /// The SQLite connection string of one of the service's databases:
    /// <c>ConnectionStrings:{name}</c> when set, else a file <c>{name}.db</c> in the data folder.
    /// </summary>
    public static string GetSqliteConnectionString(this IHostApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Configuration.GetConnectionString(name) is { Length: > 0 } configured
            ? configured
            : $"Data Source={Path.Combine(builder.GetDataDirectory(), name + ".db")}";
    }
}
