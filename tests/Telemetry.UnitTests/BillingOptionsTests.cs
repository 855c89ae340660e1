using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeslaSync.Domain.Billing;
using TeslaSync.Domain.Tariffs;
using TeslaSync.Telemetry.Billing;

namespace TeslaSync.Telemetry.UnitTests;

public sealed class BillingOptionsTests
{
    [Fact]
    public void Defaults_NoDemandWindowsCycleDayOneNoCharges_AreValid()
    {
        var options = new BillingOptions();

        var result = new BillingOptionsValidator().Validate(null, options);
        var tariff = options.ToTariff();

        Assert.True(result.Succeeded);
        Assert.Empty(tariff.Windows);
        Assert.Equal(1, tariff.BillingCycleDay);
        Assert.Equal(0m, tariff.DailySupplyCharge);
        Assert.Equal(0m, tariff.MonthlyFixedCharge);
        Assert.Equal(DemandRateBasis.PerBillingCycle, tariff.RateBasis);
    }

    [Fact]
    public void Bind_DaysAsAListOrAName_BecomeTheDaysOfTheWeek()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Billing:RateBasis"] = "PerDay",
            ["Billing:BillingCycleDay"] = "15",
            ["Billing:DemandWindows:0:Name"] = "peak",
            ["Billing:DemandWindows:0:Start"] = "16:00",
            ["Billing:DemandWindows:0:End"] = "21:00",
            ["Billing:DemandWindows:0:Days"] = "Monday,Tuesday",
            ["Billing:DemandWindows:0:RatePerKw"] = "0.45",
            ["Billing:DemandWindows:1:Name"] = "weekend",
            ["Billing:DemandWindows:1:Start"] = "16:00",
            ["Billing:DemandWindows:1:End"] = "21:00",
            ["Billing:DemandWindows:1:Days"] = "Weekend",
        });

        Assert.Equal(DaysOfWeek.Monday | DaysOfWeek.Tuesday, options.DemandWindows[0].Days);
        Assert.Equal(DaysOfWeek.Weekend, options.DemandWindows[1].Days);
        Assert.Equal(new TimeOnly(16, 0), options.DemandWindows[0].Start);
        Assert.Equal(0.45m, options.DemandWindows[0].RatePerKw);
        Assert.Equal(DemandRateBasis.PerDay, options.RateBasis);
        Assert.True(new BillingOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_BadSettings_FailsWithTheDomainsMessagesUnderBilling()
    {
        var options = new BillingOptions
        {
            BillingCycleDay = 32,
            DailySupplyCharge = -1m,
            DemandWindows =
            [
                new DemandWindowSetting { Name = "peak", Start = new TimeOnly(16, 15), End = new TimeOnly(21, 0), Days = DaysOfWeek.Weekdays, RatePerKw = 10 },
                new DemandWindowSetting { Name = "evening", Start = new TimeOnly(18, 0), End = new TimeOnly(22, 0), Days = DaysOfWeek.All },
            ],
        };

        var result = new BillingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.All(failures, failure => Assert.StartsWith("Billing: ", failure, StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("billing-cycle day is 32", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("daily supply charge is negative", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("not on the half-hour", StringComparison.Ordinal));
        Assert.Equal(DemandTariffValidator.Validate(options.ToTariff()).Select(p => "Billing: " + p), failures);
    }

    [Fact]
    public void ValidateOnStart_OverlappingWindows_ThrowsWhenTheOptionsAreRead()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Billing:DemandWindows:0:Name"] = "peak",
            ["Billing:DemandWindows:0:Start"] = "16:00",
            ["Billing:DemandWindows:0:End"] = "21:00",
            ["Billing:DemandWindows:1:Name"] = "late",
            ["Billing:DemandWindows:1:Start"] = "20:00",
            ["Billing:DemandWindows:1:End"] = "22:00",
        }).Build();
        services.AddOptions<BillingOptions>().Bind(configuration.GetSection(BillingOptions.SectionName));
        services.AddSingleton<IValidateOptions<BillingOptions>, BillingOptionsValidator>();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BillingOptions>>().Value);

        Assert.Contains("overlap", error.Message, StringComparison.Ordinal);
    }

    private static BillingOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return configuration.GetSection(BillingOptions.SectionName).Get<BillingOptions>()!;
    }
}
