using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using TeslaSync.Tariffs.Benchmarks;

// The tariff engine under BenchmarkDotNet (issue 10, item 5).
// Usage: dotnet run -c Release --project benchmarks/Tariffs.Benchmarks -- [--quick]
//   --quick  a short in-process job (3 warm-ups, 3 iterations), about a minute on 2 cores;
//   default  BenchmarkDotNet's default job, each benchmark in its own process, several minutes.
var quick = args.Contains("--quick", StringComparer.OrdinalIgnoreCase);
var job = quick
    ? Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("Quick")
    : Job.Default.WithId("Full");
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(job)
    .AddDiagnoser(MemoryDiagnoser.Default)
    .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile)
    .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));

Console.WriteLine($"Tariff engine benchmark ({(quick ? "quick: ShortRun, in process" : "full: default job")})");
Type[] benchmarks = [typeof(AmberTariffBenchmarks), typeof(TeslaDocumentBenchmarks), typeof(CustomTouBenchmarks)];
var summaries = BenchmarkRunner.Run(benchmarks, config);

Console.WriteLine();
var failed = false;
foreach (var report in summaries.SelectMany(summary => summary.Reports).OrderBy(report => Array.IndexOf(benchmarks, report.BenchmarkCase.Descriptor.Type)))
{
    var name = SummaryName(report.BenchmarkCase);
    if (report.ResultStatistics is not { } statistics)
    {
        Console.WriteLine($"SUMMARY|tariffs|{name} (mean)|failed|");
        failed = true;
        continue;
    }

    var (mean, unit) = statistics.Mean >= 1_000_000 ? (statistics.Mean / 1_000_000, "ms") : (statistics.Mean / 1_000, "µs");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SUMMARY|tariffs|{name} (mean)|{mean:F2}|{unit}"));
    var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
    if (allocated is { } bytes)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SUMMARY|tariffs|{name} (allocated)|{bytes / 1024.0:F1}|KB"));
    }
}

return failed ? 1 : 0;

// "amber tariff, 48 h 5-min" etc.: the benchmark's description plus its parameter, if any.
static string SummaryName(BenchmarkDotNet.Running.BenchmarkCase benchmark)
{
    var description = benchmark.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');
    return benchmark.HasParameters
        ? $"{description}, {string.Join(", ", benchmark.Parameters.Items.Select(p => p.Value?.ToString()))}"
        : description;
}
