using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TeslaSync.ServiceDefaults;

/// <summary>Each service owns its database: a SQLite file in its data folder unless configured otherwise.</summary>
public static class DatabaseExtensions
{
    /// <summary>Registers <typeparamref name="TContext"/> on the SQLite database <paramref name="name"/> (see <see cref="StorageConfiguration.GetSqliteConnectionString"/>).</summary>
    public static void AddSqliteDbContext<TContext>(this IHostApplicationBuilder builder, string name)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectionString = builder.GetSqliteConnectionString(name);
        builder.Services.AddDbContext<TContext>(options => options.UseSqlite(connectionString));
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>(name);
    }

    /// <summary>Applies pending migrations before the service starts taking requests.</summary>
    public static async Task MigrateDatabaseAsync<TContext>(this IHost app, CancellationToken cancellationToken = default)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TContext>().Database.MigrateAsync(cancellationToken);
    }
}
