using Microsoft.Extensions.Configuration;
using DaysOfWeek = TeslaSync.Domain.Tariffs.DaysOfWeek;
using TeslaSync.GridEvents.DemandWindow;

namespace TeslaSync.GridEvents.UnitTests;

public sealed class DemandWindowOptionsTests
{
    private static DemandWindowOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"{DemandWindowOptions.SectionName}:{s.Key}", s.Value)))
            .Build();
        var options = new DemandWindowOptions();
        configuration.GetSection(DemandWindowOptions.SectionName).Bind(options);
        return options;
    }

    [Fact]
    public void Bind_NothingSet_IsOffWeekdaysFourToNine()
    {
        var options = Bind();

        Assert.False(options.Enabled);
        Assert.Equal("16:00–21:00 Monday to Friday", options.Schedule.ToString());
        Assert.Null(options.Problem());
    }

    [Fact]
    public void Bind_TimesAndACommaSeparatedListOfDays_AreRead()
    {
        var options = Bind(("Enabled", "true"), ("Start", "15:00"), ("End", "21:30"), ("Days", "Monday,Wednesday"));

        Assert.True(options.Enabled);
        Assert.Equal(new TimeOnly(15, 0), options.Start);
        Assert.Equal(new TimeOnly(21, 30), options.End);
        Assert.Equal(DaysOfWeek.Monday | DaysOfWeek.Wednesday, options.Days);
        Assert.Equal("15:00–21:30 on Monday, Wednesday", options.Schedule.ToString());
    }

    [Theory]
    [InlineData("Weekend", DaysOfWeek.Saturday | DaysOfWeek.Sunday)]
    [InlineData("All", DaysOfWeek.All)]
    [InlineData("Friday, Saturday", DaysOfWeek.Friday | DaysOfWeek.Saturday)]
    public void Bind_NamedSetsOfDays_AreRead(string days, DaysOfWeek expected) =>
        Assert.Equal(expected, Bind(("Days", days)).Days);

    [Fact]
    public void Problem_StartEqualsEnd_IsRejected() =>
        Assert.Contains("must differ", Bind(("Start", "16:00"), ("End", "16:00")).Problem(), StringComparison.Ordinal);

    [Fact]
    public void Problem_NoDays_IsRejected() =>
        Assert.Contains("at least one day", Bind(("Days", "None")).Problem(), StringComparison.Ordinal);

    [Fact]
    public void Problem_EndBeforeStart_IsAWindowOverMidnight()
    {
        var options = Bind(("Start", "22:00"), ("End", "06:00"));

        Assert.Null(options.Problem());
        Assert.True(options.Schedule.Window.CrossesMidnight);
    }
}
