using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeslaSync.Domain.Prices;
using TeslaSync.Integrations.Amber;
using TeslaSync.PriceIngest.Prices;
using TeslaSync.PriceIngest.Storage;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.PriceIngest.FunctionalTests;

/// <summary>Which Amber site is read: never silently the first of several.</summary>
public sealed class AmberSiteResolverTests : IAsyncDisposable
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"teslasync-sites-{Guid.NewGuid():N}.db");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResolveAsync_SeveralActiveSitesAndNoChoice_AsksTheUserInsteadOfTakingTheFirst()
    {
        await using var services = await ServicesAsync(Site("01AAA", AmberSiteStatus.Active), Site("01BBB", AmberSiteStatus.Active));
        var resolver = Resolver(services);

        var error = await Assert.ThrowsAsync<SiteSelectionRequiredException>(() => resolver.ResolveAsync(Cancel));

        Assert.Contains("2 active sites (01AAA, 01BBB)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_SeveralSitesAndAStoredChoice_UsesTheChoice()
    {
        await using var services = await ServicesAsync(Site("01AAA", AmberSiteStatus.Active), Site("01BBB", AmberSiteStatus.Active));
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SiteChoiceStore>().ChooseAsync("home", "01BBB", DateTimeOffset.UnixEpoch, Cancel);
        }

        Assert.Equal("01BBB", await Resolver(services).ResolveAsync(Cancel));
    }

    [Fact]
    public async Task ResolveAsync_OneActiveAndOneClosedSite_UsesTheActiveOne()
    {
        await using var services = await ServicesAsync(Site("01OLD", AmberSiteStatus.Closed), Site("01NEW", AmberSiteStatus.Active));

        Assert.Equal("01NEW", await Resolver(services).ResolveAsync(Cancel));
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_database);
        return ValueTask.CompletedTask;
    }

    private static AmberSite Site(string id, AmberSiteStatus status) => new(id, "3052282872", [], "Jemena", status, null, null, 30);

    private static AmberSiteResolver Resolver(ServiceProvider services) => new(
        Options.Create(new AmberOptions()),
        Options.Create(new SiteOptions()),
        services.GetRequiredService<IServiceScopeFactory>(),
        NullLogger<AmberSiteResolver>.Instance);

    private async Task<ServiceProvider> ServicesAsync(params AmberSite[] sites)
    {
        var services = new ServiceCollection();
        services.AddDbContext<PriceDbContext>(o => o.UseSqlite($"Data Source={_database}"));
        services.AddScoped<PriceHistoryStore>();
        services.AddScoped<SiteChoiceStore>();
        services.AddSingleton<IAmberClient>(new SitesOnlyAmberClient(sites));
        var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PriceDbContext>().Database.MigrateAsync(Cancel);
        return provider;
    }

    /// <summary>An Amber account with these sites; prices are not part of these tests.</summary>
    private sealed class SitesOnlyAmberClient(IReadOnlyList<AmberSite> sites) : IAmberClient
    {
        public Task<IReadOnlyList<AmberSite>> GetSitesAsync(CancellationToken cancellationToken = default) => Task.FromResult(sites);

        public Task<AmberPriceResult> GetCurrentPricesAsync(string siteId, int previous = 0, int next = 0, AmberResolution? resolution = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("Not part of this test.");

        public Task<AmberPriceResult> GetPricesAsync(string siteId, DateOnly startDate, DateOnly endDate, AmberResolution? resolution = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("Not part of this test.");

        public Task<AmberUsageResult> GetUsageAsync(string siteId, DateOnly startDate, DateOnly endDate, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("Not part of this test.");

        public Task<IReadOnlyList<AmberRenewables>> GetRenewablesAsync(AmberState state, int previous = 0, int next = 0, AmberResolution? resolution = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("Not part of this test.");
    }
}
