using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.Gateway.Security;

/// <summary>
/// The Gateway's own database ("users"): the one person who may use the dashboard, and the Gateway's own
/// settings from the settings page (the Home Assistant bridge's broker).
/// </summary>
public sealed class UserDbContext(DbContextOptions<UserDbContext> options) : DbContext(options)
{
    public DbSet<GatewayUser> Users => Set<GatewayUser>();

    public DbSet<HomeAssistantSettingsRow> HomeAssistantSettings => Set<HomeAssistantSettingsRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.StoreTimesAsUnixMilliseconds();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<GatewayUser>(row =>
        {
            row.ToTable("users");
            // The key is always GatewayUser.SingleUserId, so a second user cannot be inserted even by a racing request.
            row.HasKey(u => u.Id);
            row.Property(u => u.Id).ValueGeneratedNever();
            row.Property(u => u.UserName).HasMaxLength(PasswordPolicy.MaxUserNameLength);
        });
        modelBuilder.Entity<HomeAssistantSettingsRow>(row =>
        {
            row.ToTable("home_assistant_settings");
            row.HasKey(s => s.Id);
            row.Property(s => s.Id).ValueGeneratedNever();
        });
    }
}

/// <summary>The single user: a name and a password hash (ASP.NET Core Identity's format), never the password.</summary>
public sealed class GatewayUser
{
    /// <summary>The one row's key: the Gateway has exactly one user.</summary>
    public const int SingleUserId = 1;

    public int Id { get; set; } = SingleUserId;

    public required string UserName { get; set; }

    public required string PasswordHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? PasswordChangedAt { get; set; }
}

/// <summary>
/// The Home Assistant bridge's settings as saved on the settings page (broker, port, user name, password,
/// discovery prefix), kept as one value encrypted with Data Protection: see
/// <see cref="HomeAssistant.HomeAssistantSettingsStore"/>. At most one row.
/// </summary>
public sealed class HomeAssistantSettingsRow
{
    /// <summary>The one row's key.</summary>
    public const int SingleRowId = 1;

    public int Id { get; set; } = SingleRowId;

    public required string Protected { get; set; }

    public DateTimeOffset SavedAt { get; set; }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the Gateway.</summary>
internal sealed class DesignTimeUserDbContextFactory : IDesignTimeDbContextFactory<UserDbContext>
{
    public UserDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<UserDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
