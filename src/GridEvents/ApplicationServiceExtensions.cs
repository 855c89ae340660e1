using TeslaSync.Contracts.Events;
using TeslaSync.EventBus;
using TeslaSync.GridEvents.Curtailment;
using TeslaSync.GridEvents.Decisions;
using TeslaSync.GridEvents.DemandWindow;
using TeslaSync.GridEvents.Force;
using TeslaSync.GridEvents.Handlers;
using TeslaSync.GridEvents.Overrides;
using TeslaSync.GridEvents.Spike;
using TeslaSync.GridEvents.Storage;
using TeslaSync.ServiceDefaults;
using OverridesClient = TeslaSync.Contracts.TariffSync.V1.TariffOverrides.TariffOverridesClient;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;
using TeslaSync.GridEvents.Settings;
using TeslaSync.GridEvents.Sites;

namespace TeslaSync.GridEvents;

internal static class ApplicationServiceExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.SectionName)
            .Validate(o => string.IsNullOrEmpty(o.TimeZone) || TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _),
                "Site:TimeZone must be an IANA time zone (e.g. Australia/Adelaide).")
            .ValidateOnStart();
        builder.Services.AddOptions<GridEventsOptions>().BindConfiguration(GridEventsOptions.SectionName)
            .Validate(o => o.CheckEvery > TimeSpan.Zero, "GridEvents:CheckEvery must be positive.")
            .Validate(o => o.CallTimeout > TimeSpan.Zero, "GridEvents:CallTimeout must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<SpikeOptions>().BindConfiguration(SpikeOptions.SectionName)
            .Validate(o => o.ThresholdPerMwh > 0m, "GridEvents:Spike:ThresholdPerMwh must be above 0.")
            .Validate(o => o.DeadbandPerMwh >= 0m, "GridEvents:Spike:DeadbandPerMwh must not be negative.")
            .Validate(o => o.MinimumDwell >= TimeSpan.Zero, "GridEvents:Spike:MinimumDwell must not be negative.")
            .Validate(o => o.ExtendMargin > TimeSpan.Zero, "GridEvents:Spike:ExtendMargin must be positive.")
            .Validate(o => !o.TestMode || o.TestPricePerMwh >= o.ThresholdPerMwh, "GridEvents:Spike:TestPricePerMwh must be at least the threshold.")
            .ValidateOnStart();
        builder.Services.AddOptions<CurtailmentOptions>().BindConfiguration(CurtailmentOptions.SectionName)
            .Validate(o => o.RestoreAtCents >= o.CurtailBelowCents, "GridEvents:Curtailment:RestoreAtCents must be at least CurtailBelowCents.")
            .Validate(o => o.ReassertEvery > TimeSpan.Zero, "GridEvents:Curtailment:ReassertEvery must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<DemandWindowOptions>().BindConfiguration(DemandWindowOptions.SectionName)
            .Validate(o => o.Problem() is null, "GridEvents:DemandWindow: Start and End must differ, and Days must name at least one day (Weekdays, Weekend, All or e.g. Monday,Tuesday).")
            .ValidateOnStart();

        builder.AddRedisClient(ResourceNames.Redis);
        builder.AddRedisEventBus()
            .AddSubscription<AemoPriceUpdated, AemoPriceUpdatedHandler>()
            .AddSubscription<PricesUpdated, PricesUpdatedHandler>();
        builder.AddSqliteDbContext<GridEventsDbContext>(ResourceNames.GridEvents);

        // GridEvents decides; TariffSync acts: its override RPCs are the only way to the Powerwall.
        builder.Services.AddGrpcClient<OverridesClient>(o => o.Address = new Uri($"http://{ResourceNames.TariffSync}"));
        // TariffSync also knows the site's time zone (of the tariff it last uploaded) when Site:TimeZone is not set.
        builder.Services.AddGrpcClient<TariffSyncClient>(o => o.Address = new Uri($"http://{ResourceNames.TariffSync}"));
        builder.Services.AddSiteTimeZone();
        builder.Services.AddSingleton<ISiteTimeZoneSource, TariffSyncTimeZoneSource>();
        builder.Services.AddGridSettings();
        builder.Services.AddSingleton<DecisionGate>();
        builder.Services.AddScoped<GridStateStore>();
        builder.Services.AddScoped<OverridesGateway>();
        builder.Services.AddScoped<DecisionRunner>();
        builder.Services.AddScoped<SpikeController>();
        builder.Services.AddScoped<CurtailmentController>();
        builder.Services.AddScoped<ForceController>();
        builder.Services.AddScoped<DemandWindowController>();
        builder.Services.AddHostedService<GridEventsWorker>();
    }
}
