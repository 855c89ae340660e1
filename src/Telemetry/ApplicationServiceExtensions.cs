using Microsoft.Extensions.Options;
using TeslaSync.EventBus;
using TeslaSync.Integrations.Tesla;
using TeslaSync.Integrations.Tesla.Auth;
using TeslaSync.ServiceDefaults;
using TeslaSync.Telemetry.Billing;
using TeslaSync.Telemetry.Energy;
using TeslaSync.Telemetry.LiveStatus;
using TeslaSync.Telemetry.Storage;
using PriceIngestClient = TeslaSync.Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.Telemetry;

internal static class ApplicationServiceExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSiteTimeZone();
        builder.Services.AddOptions<LiveStatusOptions>().BindConfiguration(LiveStatusOptions.SectionName)
            .Validate(o => o.SampleEvery >= LiveStatusOptions.Fastest, "LiveStatus:SampleEvery must be at least 30 seconds.")
            .Validate(o => o.SettingsEvery == TimeSpan.Zero || o.SettingsEvery >= LiveStatusOptions.FastestSettings,
                "LiveStatus:SettingsEvery must be at least 5 minutes, or 0 to read no mode and reserve.")
            .ValidateOnStart();
        builder.Services.AddOptions<EnergyHistoryOptions>().BindConfiguration(EnergyHistoryOptions.SectionName)
            .Validate(o => o.MaxGap > TimeSpan.Zero, "EnergyHistory:MaxGap must be positive.")
            .Validate(o => o.RawSampleRetentionDays >= 0 && o.FiveMinuteRetentionDays >= 0 && o.HalfHourRetentionDays >= 0,
                "EnergyHistory retention days must not be negative (0 keeps for ever).")
            .Validate(o => o.RollupEvery > TimeSpan.Zero, "EnergyHistory:RollupEvery must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<ReconciliationOptions>().BindConfiguration(ReconciliationOptions.SectionName)
            .Validate(o => o.AfterDayEnds >= TimeSpan.Zero && o.LookBackDays >= 1 && o.MaxAttempts >= 1
                && o.RetryEvery > TimeSpan.Zero && o.CheckEvery > TimeSpan.Zero,
                "EnergyHistory:Reconciliation: AfterDayEnds must not be negative, LookBackDays and MaxAttempts must be at least 1, RetryEvery and CheckEvery positive.")
            .ValidateOnStart();

        builder.Services.AddOptions<BillingOptions>().BindConfiguration(BillingOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BillingOptions>, BillingOptionsValidator>();

        builder.AddRedisClient(ResourceNames.Redis);
        builder.AddRedisEventBus();
        builder.AddSqliteDbContext<TelemetryDbContext>(ResourceNames.Telemetry);

        // Reads only, with tokens TariffSync hands over (it owns the Tesla account and alone refreshes it).
        builder.Services.AddSingleton<ITeslaAccessTokenSource, TariffSyncTeslaTokenSource>();
        builder.Services.AddTeslaClient(builder.Configuration).CountingReads();
        builder.Services.AddGrpcClient<TariffSyncClient>(o => o.Address = new Uri($"http://{ResourceNames.TariffSync}"));
        builder.Services.AddGrpcClient<PriceIngestClient>(o => o.Address = new Uri($"http://{ResourceNames.PriceIngest}"));
        builder.Services.AddSingleton<ApiUsageReporter>();
        builder.Services.AddSingleton<PowerwallSite>();

        // The site's calendar: Site:TimeZone, else TariffSync's tariff zone, else the Powerwall's own.
        builder.Services.AddSingleton<ISiteTimeZoneSource, TariffSyncTimeZoneSource>();
        builder.Services.AddSingleton<ISiteTimeZoneSource, PowerwallTimeZoneSource>();

        builder.Services.AddSingleton<LatestLiveStatus>();
        builder.Services.AddSingleton<EnergyWriteGate>();
        builder.Services.AddScoped<EnergyStore>();
        builder.Services.AddScoped<EnergyHistoryReader>();
        builder.Services.AddScoped<EnergySummaries>();
        builder.Services.AddScoped<PriceIngestPriceSource>();
        builder.Services.AddScoped<BillingQueries>();
        builder.Services.AddSingleton<LiveSampleRecorder>();
        builder.Services.AddHostedService<LiveStatusSampler>();
        builder.Services.AddHostedService<EnergyRollupService>();
        builder.Services.AddHostedService<DailyReconciler>();
    }
}
