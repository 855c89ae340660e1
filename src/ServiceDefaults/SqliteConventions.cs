using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TeslaSync.ServiceDefaults;

/// <summary>Storage conventions every service's database shares.</summary>
public static class SqliteConventions
{
    /// <summary>
    /// Stores every <see cref="DateTimeOffset"/> as UTC milliseconds since 1970: SQLite cannot
    /// compare or sort DateTimeOffset text, and all times inside the system are UTC anyway.
    /// </summary>
    public static ModelConfigurationBuilder StoreTimesAsUnixMilliseconds(this ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
        return configurationBuilder;
    }

    private sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.ToUnixTimeMilliseconds(),
        value => DateTimeOffset.FromUnixTimeMilliseconds(value));
}
