using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TeslaSync.PriceIngest.Aemo.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
internal sealed class DesignTimeAemoDbContextFactory : IDesignTimeDbContextFactory<AemoDbContext>
{
    public AemoDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AemoDbContext>().UseSqlite("Data Source=design-time-aemo.db").Options);
}
