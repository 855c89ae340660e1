using Microsoft.Extensions.Logging;
using TeslaSync.ServiceDefaults.Logging;

namespace TeslaSync.ServiceDefaults.UnitTests;

public sealed class RecentLogBufferTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly LogQuery Everything = new(LogLevel.Trace, null, LogQuery.MaxLimit);

    [Fact]
    public void Read_MoreEntriesThanCapacity_KeepsOnlyTheNewest()
    {
        var buffer = new RecentLogBuffer(capacity: 3);

        for (var i = 1; i <= 10; i++)
        {
            buffer.Add(Entry(i));
        }

        Assert.Equal(["message 10", "message 9", "message 8"], buffer.Read(Everything).Select(entry => entry.Message));
    }

    [Fact]
    public void Read_FewerEntriesThanCapacity_NewestFirst()
    {
        var buffer = new RecentLogBuffer(capacity: 100);

        buffer.Add(Entry(1));
        buffer.Add(Entry(2));
        buffer.Add(Entry(3));

        Assert.Equal(["message 3", "message 2", "message 1"], buffer.Read(Everything).Select(entry => entry.Message));
    }

    [Fact]
    public void Read_Empty_NothingAndNoNulls()
    {
        Assert.Empty(new RecentLogBuffer(capacity: 5).Read(Everything));
    }

    [Fact]
    public void Read_MinimumLevel_ThatLevelAndAbove()
    {
        var buffer = new RecentLogBuffer(capacity: 10);
        buffer.Add(Entry(1, LogLevel.Debug));
        buffer.Add(Entry(2, LogLevel.Information));
        buffer.Add(Entry(3, LogLevel.Warning));
        buffer.Add(Entry(4, LogLevel.Error));
        buffer.Add(Entry(5, LogLevel.Critical));

        var warnings = buffer.Read(new LogQuery(LogLevel.Warning, null, 100));

        Assert.Equal([LogLevel.Critical, LogLevel.Error, LogLevel.Warning], warnings.Select(entry => entry.Level));
    }

    [Fact]
    public void Read_Contains_MatchesMessageCategoryOrExceptionIgnoringCase()
    {
        var buffer = new RecentLogBuffer(capacity: 10);
        buffer.Add(new LogEntry(Start, LogLevel.Information, "TeslaSync.PriceIngest.Poller", "Prices received", null));
        buffer.Add(new LogEntry(Start, LogLevel.Information, "TeslaSync.TariffSync.Uploader", "Tariff uploaded", null));
        buffer.Add(new LogEntry(Start, LogLevel.Error, "TeslaSync.GridEvents.Spike", "Spike check failed", "System.TimeoutException: AEMO did not answer"));

        Assert.Equal(["Prices received"], buffer.Read(new LogQuery(LogLevel.Trace, "PRICES", 10)).Select(entry => entry.Message));
        Assert.Equal(["Tariff uploaded"], buffer.Read(new LogQuery(LogLevel.Trace, "tariffsync.uploader", 10)).Select(entry => entry.Message));
        Assert.Equal(["Spike check failed"], buffer.Read(new LogQuery(LogLevel.Trace, "aemo did not", 10)).Select(entry => entry.Message));
        Assert.Empty(buffer.Read(new LogQuery(LogLevel.Trace, "redis", 10)));
    }

    [Fact]
    public void Read_Limit_TheNewestThatMatch()
    {
        var buffer = new RecentLogBuffer(capacity: 50);
        for (var i = 1; i <= 20; i++)
        {
            buffer.Add(Entry(i, i % 2 == 0 ? LogLevel.Warning : LogLevel.Information));
        }

        var newestWarnings = buffer.Read(new LogQuery(LogLevel.Warning, null, 3));

        Assert.Equal(["message 20", "message 18", "message 16"], newestWarnings.Select(entry => entry.Message));
    }

    [Fact]
    public void Constructor_CapacityBelowOne_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecentLogBuffer(0));
    }

    [Fact]
    public async Task AddAndRead_SeveralWritersAndAReader_NeverMoreThanCapacityAndEachWritersOrderKept()
    {
        const int Writers = 4;
        const int PerWriter = 20_000;
        const int Capacity = 500;
        var buffer = new RecentLogBuffer(Capacity);
        using var done = new CancellationTokenSource();

        var reader = Task.Run(() =>
        {
            var reads = 0;
            while (!done.IsCancellationRequested || reads == 0)
            {
                var snapshot = buffer.Read(Everything);
                Assert.True(snapshot.Count <= Capacity, $"{snapshot.Count} entries from a buffer of {Capacity}");
                AssertEachWriterNewestFirst(snapshot);
                reads++;
            }

            return reads;
        }, TestContext.Current.CancellationToken);

        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(() =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                buffer.Add(new LogEntry(Start, LogLevel.Information, $"writer {writer}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), null));
            }
        }, TestContext.Current.CancellationToken)).ToList();
        await Task.WhenAll(writers);
        await done.CancelAsync();
        Assert.True(await reader > 0);

        var final = buffer.Read(Everything);
        Assert.Equal(Capacity, final.Count);
        AssertEachWriterNewestFirst(final);

        // The newest entry took the last sequence number, so it is the last one some writer wrote.
        Assert.Equal((PerWriter - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), final[0].Message);
    }

    private static void AssertEachWriterNewestFirst(IReadOnlyList<LogEntry> snapshot)
    {
        foreach (var writer in snapshot.GroupBy(entry => entry.Category))
        {
            var numbers = writer.Select(entry => int.Parse(entry.Message, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(numbers.OrderDescending(), numbers);
            Assert.Equal(numbers.Count, numbers.Distinct().Count());
        }
    }

    private static LogEntry Entry(int number, LogLevel level = LogLevel.Information) =>
        new(Start.AddSeconds(number), level, "Test", $"message {number}", null);
}
