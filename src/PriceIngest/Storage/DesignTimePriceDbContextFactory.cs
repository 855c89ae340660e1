using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TeslaSync.PriceIngest.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
internal sealed class DesignTimePriceDbContextFactory : IDesignTimeDbContextFactory<PriceDbContext>
{
    public PriceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PriceDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
