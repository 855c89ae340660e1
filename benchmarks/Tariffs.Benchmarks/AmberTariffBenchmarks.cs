using BenchmarkDotNet.Attributes;
using TeslaSync.Domain.Prices;
using TeslaSync.Domain.Tariffs;

namespace TeslaSync.Tariffs.Benchmarks;

/// <summary>
/// Building the 48-slot Amber tariff (<see cref="AmberTariffBuilder"/>) from 48 hours of a Sydney
/// summer day's general and feed-in prices, as TariffSync does on every price update: the 24 hours
/// before now (actuals) and the 24 after (forecasts).
/// </summary>
public class AmberTariffBenchmarks
{
    private AmberTariffBuilder _builder = null!;
    private List<PriceInterval> _intervals = null!;

    /// <summary>
    /// The intervals' lengths: all 5-minute (1,152 intervals), all 30-minute (192), or what Amber
    /// sends ("5-min + 30-min", 684): 5-minute actuals up to now and 30-minute forecasts from the
    /// current half-hour on.
    /// </summary>
    [Params("5-min", "30-min", "5-min + 30-min")]
    public string Intervals { get; set; } = "5-min";

    [GlobalSetup]
    public void Setup()
    {
        _builder = new AmberTariffBuilder(SydneyDay.Options);
        _intervals = Intervals switch
        {
            "5-min" => SydneyDay.Intervals(SydneyDay.Now.AddHours(-24), SydneyDay.Now.AddHours(24), 5),
            "30-min" => SydneyDay.Intervals(SydneyDay.Now.AddHours(-24), SydneyDay.Now.AddHours(24), 30),
            _ => SydneyDay.Amber48Hours(),
        };
        var result = _builder.Build(_intervals, SydneyDay.Zone, SydneyDay.Now);
        if (!result.Succeeded || result.FilledValues > 0)
        {
            throw new InvalidOperationException($"The benchmark's prices should build a complete tariff: {result.Refusal} ({result.MissingValues} missing)");
        }
    }

    [Benchmark(Description = "amber tariff, 48 h")]
    public TariffBuildResult BuildAmberTariff() => _builder.Build(_intervals, SydneyDay.Zone, SydneyDay.Now);
}

/// <summary>
/// Writing a built Amber tariff as Tesla's <c>tariff_content_v2</c> document (the model alone, the
/// JSON object, the JSON text), and reading such a document back as TariffSync does to compare it
/// with what the Powerwall holds.
/// </summary>
public class TeslaDocumentBenchmarks
{
    private HalfHourTariff _tariff = null!;
    private System.Text.Json.Nodes.JsonObject _document = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tariff = new AmberTariffBuilder(SydneyDay.Options).Build(SydneyDay.Amber48Hours(), SydneyDay.Zone, SydneyDay.Now).Tariff
            ?? throw new InvalidOperationException("The benchmark's prices should build a tariff.");
        _document = TeslaTariffDocument.Write(_tariff);
        if (TeslaTariffDocument.TryRead(_document, SydneyDay.Zone.Id) is null)
        {
            throw new InvalidOperationException("The written document should read back.");
        }
    }

    [Benchmark(Description = "tesla document, content model only")]
    public TeslaTariffContent ToContent() => TeslaTariffDocument.ToContent(_tariff);

    [Benchmark(Description = "tesla document, write")]
    public System.Text.Json.Nodes.JsonObject WriteDocument() => TeslaTariffDocument.Write(_tariff);

    [Benchmark(Description = "tesla document, write + serialise")]
    public string WriteDocumentText() => TeslaTariffDocument.Write(_tariff).ToJsonString();

    [Benchmark(Description = "tesla document, read back")]
    public HalfHourTariff? ReadDocument() => TeslaTariffDocument.TryRead(_document, SydneyDay.Zone.Id);
}
