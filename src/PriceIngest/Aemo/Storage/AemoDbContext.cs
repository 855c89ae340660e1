using Microsoft.EntityFrameworkCore;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.PriceIngest.Aemo.Storage;

/// <summary>PriceIngest's AEMO database ("aemo"): every region's dispatch prices and what was published.</summary>
public sealed class AemoDbContext(DbContextOptions<AemoDbContext> options) : DbContext(options)
{
    public DbSet<AemoPriceRow> Prices => Set<AemoPriceRow>();

    public DbSet<AemoPublicationRow> Publications => Set<AemoPublicationRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.StoreTimesAsUnixMilliseconds();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<AemoPriceRow>(price =>
        {
            price.ToTable("aemo_prices");
            price.HasKey(p => p.Id);
            // Region and source as their names: the file stays readable with any SQLite tool.
            price.Property(p => p.Region).HasConversion<string>().HasMaxLength(4);
            price.Property(p => p.Source).HasConversion<string>().HasMaxLength(8);
            price.HasIndex(p => new { p.Region, p.IntervalEnd }).IsUnique();
            // Covers the daily-maxima query (group by day, max of price) without touching the table.
            price.HasIndex(p => new { p.Region, p.NemDate, p.RrpMicros });
            price.HasIndex(p => p.IntervalEnd); // retention
        });

        modelBuilder.Entity<AemoPublicationRow>(publication =>
        {
            publication.ToTable("aemo_publications");
            publication.HasKey(p => new { p.SiteId, p.Region });
            publication.Property(p => p.SiteId).HasMaxLength(64);
            publication.Property(p => p.Region).HasConversion<string>().HasMaxLength(4);
        });
    }
}
