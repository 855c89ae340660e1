using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeslaSync.GridEvents.Settings;
using TeslaSync.GridEvents.Spike;
using DaysOfWeek = TeslaSync.Domain.Tariffs.DaysOfWeek;

namespace TeslaSync.GridEvents.UnitTests;

public sealed class GridSettingsCatalogTests
{
    private static GridOptions Configured(params (string Key, string Value)[] settings) =>
        GridOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    private static GridSetting Setting(string key) => GridSettingsCatalog.Find(key) ?? throw new InvalidOperationException($"no setting {key}");

    [Fact]
    public void Keys_AreUniqueAndDotted()
    {
        var keys = GridSettingsCatalog.All.Select(s => s.Key).ToList();

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(keys, key => Assert.Matches(@"^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$", key));
    }

    [Fact]
    public void Read_ConfiguredOptions_GivesCanonicalText()
    {
        var options = Configured(
            ("GridEvents:Spike:ThresholdPerMwh", "3000"), ("GridEvents:Spike:MinimumDwell", "00:10:00"),
            ("GridEvents:Curtailment:RestoreAtCents", "1.50"), ("GridEvents:DemandWindow:Start", "15:30"),
            ("GridEvents:DemandWindow:Days", "Weekend"));

        Assert.Equal("3000", Setting("spike.threshold").Read(options));
        Assert.Equal("20", Setting("spike.deadband").Read(options));
        Assert.Equal("10", Setting("spike.minimumDwell").Read(options));
        Assert.Equal("1.5", Setting("curtailment.restoreAt").Read(options));
        Assert.Equal("false", Setting("curtailment.enabled").Read(options));
        Assert.Equal("15:30", Setting("demandWindow.start").Read(options));
        Assert.Equal("Saturday,Sunday", Setting("demandWindow.days").Read(options));
    }

    [Theory]
    [InlineData("spike.threshold", "abc", "must be a number")]
    [InlineData("spike.threshold", "0", "outside 1 to 20000 $/MWh")]
    [InlineData("spike.minimumDwell", "61", "outside 0 to 60 min")]
    [InlineData("spike.enabled", "yes", "true or false")]
    [InlineData("demandWindow.start", "25:00", "HH:mm")]
    [InlineData("demandWindow.days", "Funday", "'Funday' is not a day")]
    [InlineData("demandWindow.days", "3", "'3' is not a day")]
    [InlineData("demandWindow.days", " , ", "at least one day")]
    public void Write_BadText_IsRefusedWithTheReasonAndLeavesTheValue(string key, string text, string reason)
    {
        var options = Configured();
        var before = Setting(key).Read(options);

        var problem = Setting(key).Write(options, text);

        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        Assert.Equal(before, Setting(key).Read(options));
    }

    [Fact]
    public void Write_GoodText_ChangesTheOptions()
    {
        var options = Configured();

        Assert.Null(Setting("spike.threshold").Write(options, "450.5"));
        Assert.Null(Setting("spike.extendMargin").Write(options, "15"));
        Assert.Null(Setting("demandWindow.days").Write(options, "monday, Weekend"));
        Assert.Null(Setting("demandWindow.end").Write(options, "7:30"));

        Assert.Equal(450.5m, options.Spike.ThresholdPerMwh);
        Assert.Equal(TimeSpan.FromMinutes(15), options.Spike.ExtendMargin);
        Assert.Equal(DaysOfWeek.Monday | DaysOfWeek.Weekend, options.DemandWindow.Days);
        Assert.Equal(new TimeOnly(7, 30), options.DemandWindow.End);
    }

    [Fact]
    public void Problems_DefaultOptions_None() => Assert.Empty(GridSettingsCatalog.Problems(Configured()));

    [Theory]
    [InlineData("spike.deadband", "300", "spike.deadband")]
    [InlineData("curtailment.restoreAt", "0.5", "curtailment.restoreAt")]
    [InlineData("demandWindow.end", "16:00", "demandWindow.end")]
    public void Problems_InconsistentValues_NameTheSettingToChange(string key, string text, string named)
    {
        var options = Configured();
        Assert.Null(Setting(key).Write(options, text));

        var problem = Assert.Single(GridSettingsCatalog.Problems(options));

        Assert.Equal(named, problem.Key);
    }

    [Fact]
    public void Problems_TestPriceBelowThreshold_OnlyInTestMode()
    {
        var options = Configured(("GridEvents:Spike:TestPricePerMwh", "200"));
        Assert.Empty(GridSettingsCatalog.Problems(options));

        options.Spike.TestMode = true;

        Assert.Equal("spike.testPrice", Assert.Single(GridSettingsCatalog.Problems(options)).Key);
    }

    [Fact]
    public void OptionsMonitor_StoredValuesReplaced_SeesThemOverConfigurationAtOnce()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("GridEvents:Spike:ThresholdPerMwh", "400"), new("GridEvents:Spike:DeadbandPerMwh", "50")])
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddOptions<SpikeOptions>().BindConfiguration(SpikeOptions.SectionName);
        services.AddGridSettings();
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<SpikeOptions>>();
        Assert.Equal(400m, monitor.CurrentValue.ThresholdPerMwh);

        provider.GetRequiredService<StoredGridSettings>().Replace(new Dictionary<string, string>
        {
            ["spike.threshold"] = "900",
            // Settings of other options types leave the spike's alone.
            ["curtailment.curtailBelow"] = "5",
        });

        Assert.Equal(900m, monitor.CurrentValue.ThresholdPerMwh);
        Assert.Equal(50m, monitor.CurrentValue.DeadbandPerMwh);
    }
}
