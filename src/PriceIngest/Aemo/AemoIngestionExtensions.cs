using TeslaSync.Integrations.Aemo;
using TeslaSync.PriceIngest.Aemo;
using TeslaSync.PriceIngest.Aemo.Storage;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.PriceIngest;

internal static class AemoIngestionExtensions
{
    /// <summary>
    /// AEMO prices: both AEMO clients, the "aemo" database, the poller and the publisher.
    /// Needs what <c>AddApplicationServices</c> registers first (event bus, Amber client and site resolver).
    /// </summary>
    public static void AddAemoIngestion(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AemoIngestionOptions>().BindConfiguration(AemoIngestionOptions.SectionName)
            .Validate(o => string.IsNullOrWhiteSpace(o.Region) || AemoRegions.TryParse(o.Region, out _),
                "Aemo:Region must be empty or one of NSW1, QLD1, VIC1, SA1, TAS1.")
            .Validate(o => o.PollInterval >= TimeSpan.FromMinutes(1) && o.PollInterval <= TimeSpan.FromMinutes(5),
                "Aemo:PollInterval must be between 1 and 5 minutes (AEMO asks for no more than one read a minute; slower misses intervals).")
            .Validate(o => o.StaleAfter >= TimeSpan.FromMinutes(1) && o.StaleAfter <= TimeSpan.FromHours(1),
                "Aemo:StaleAfter must be between 1 minute and 1 hour.")
            .Validate(o => o.RetentionDays is >= 1 and <= 3650, "Aemo:RetentionDays must be between 1 and 3650.")
            .ValidateOnStart();

        // The poll loop is the retry: a request that fails should fail fast so NEMWeb is asked within the
        // same minute, rather than after the standard handler's retries. RemoveAllResilienceHandlers is
        // marked experimental; it is the documented way to opt out of the defaults.
#pragma warning disable EXTEXP0001
        builder.Services.AddAemoClient(builder.Configuration)
            .ConfigureHttpClient(client => client.Timeout = RequestTimeout)
            .RemoveAllResilienceHandlers();
        builder.Services.AddNemWebClient(builder.Configuration)
            .ConfigureHttpClient(client => client.Timeout = RequestTimeout)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        builder.AddSqliteDbContext<AemoDbContext>("aemo");
        builder.Services.AddScoped<AemoPriceStore>();
        builder.Services.AddSingleton<SiteRegionResolver>();
        builder.Services.AddScoped<AemoPublisher>();
        builder.Services.AddScoped<AemoIngestor>();
        builder.Services.AddHostedService<AemoPollingService>();
    }

    // Well inside one poll interval, so a hung request never delays the next read.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);
}
