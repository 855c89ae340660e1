using BenchmarkDotNet.Attributes;
using TeslaSync.Domain.Tariffs;
using TeslaSync.Domain.UnitTests.Tariffs;

namespace TeslaSync.Tariffs.Benchmarks;

/// <summary>
/// The custom TOU path the settings page takes on save: validate a retailer's two-season plan
/// with weekday and weekend peaks, build Tesla's document from it, and write that as JSON.
/// </summary>
public class CustomTouBenchmarks
{
    private CustomTouSchedule _schedule = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The two-season plan the unit tests use (tests/Domain.UnitTests/Tariffs/CustomSchedules.cs, linked in).
        _schedule = CustomSchedules.TwoSeasons();
        var result = CustomTouTariffBuilder.Build(_schedule);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The benchmark's schedule should be valid: " + string.Join(" ", result.Problems));
        }
    }

    [Benchmark(Description = "custom tou, validate")]
    public IReadOnlyList<string> Validate() => CustomTouScheduleValidator.Validate(_schedule);

    [Benchmark(Description = "custom tou, build (validates too)")]
    public CustomTouBuildResult Build() => CustomTouTariffBuilder.Build(_schedule);

    [Benchmark(Description = "custom tou, build + write json")]
    public string BuildAndWrite() => CustomTouTariffBuilder.Build(_schedule).Content!.ToJson().ToJsonString();
}
