using System.Globalization;
using TeslaSync.Telemetry.Billing;

namespace TeslaSync.Telemetry.UnitTests;

public sealed class CostDateRangeTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    [Theory]
    [InlineData(null, null, "2026-11-01", "2026-11-24")] // the month to date
    [InlineData("2026-11-20", null, "2026-11-20", "2026-11-24")]
    [InlineData(null, "2026-10-15", "2026-10-01", "2026-10-15")] // the first of to's month, not of this one
    [InlineData(null, "2026-11-01", "2026-11-01", "2026-11-01")]
    [InlineData("2026-09-03", "2026-09-05", "2026-09-03", "2026-09-05")]
    public void Resolve_MissingDays_FillInFromToday(string? from, string? to, string first, string last)
    {
        var range = CostDateRange.Resolve(Parse(from), Parse(to), Today);

        Assert.Equal((Parse(first), Parse(last)), range);
    }

    [Fact]
    public void Resolve_NoDatesOnTheFirst_IsThatOneDay()
    {
        var first = new DateOnly(2026, 12, 1);

        Assert.Equal((first, first), CostDateRange.Resolve(null, null, first));
    }

    private static DateOnly? Parse(string? text) =>
        text is null ? null : DateOnly.Parse(text, CultureInfo.InvariantCulture);
}
