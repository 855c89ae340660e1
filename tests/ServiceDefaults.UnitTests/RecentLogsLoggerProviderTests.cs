using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.ServiceDefaults.Logging;

namespace TeslaSync.ServiceDefaults.UnitTests;

public sealed partial class RecentLogsLoggerProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly LogQuery Everything = new(LogLevel.Trace, null, LogQuery.MaxLimit);

    [Fact]
    public void Log_KeepsTimeLevelCategoryAndFormattedMessage()
    {
        var time = new FakeTimeProvider(Start);
        var buffer = new RecentLogBuffer(10);
        using var factory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new RecentLogsLoggerProvider(buffer, time)));
        var logger = factory.CreateLogger("TeslaSync.PriceIngest.Poller");

        time.Advance(TimeSpan.FromMinutes(5));
        PricesReceived(logger, 12, "SA1");

        var entry = Assert.Single(buffer.Read(Everything));
        Assert.Equal(Start.AddMinutes(5), entry.At);
        Assert.Equal(TimeSpan.Zero, entry.At.Offset);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("TeslaSync.PriceIngest.Poller", entry.Category);
        Assert.Equal("Received 12 prices for SA1", entry.Message);
        Assert.Null(entry.Exception);
    }

    [Fact]
    public void Log_WithException_KeepsItsTextTrimmedToASaneLength()
    {
        var buffer = new RecentLogBuffer(10);
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(new RecentLogsLoggerProvider(buffer, new FakeTimeProvider(Start))));
        var logger = factory.CreateLogger("Test");
        var huge = new InvalidOperationException(new string('x', 50_000));

        UploadFailed(logger, huge);

        var entry = Assert.Single(buffer.Read(Everything));
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.StartsWith("System.InvalidOperationException: xxx", entry.Exception, StringComparison.Ordinal);
        Assert.Equal(RecentLogsLoggerProvider.MaxExceptionLength + 1, entry.Exception!.Length);
        Assert.EndsWith("…", entry.Exception, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_LongMessage_Trimmed()
    {
        var buffer = new RecentLogBuffer(10);
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(new RecentLogsLoggerProvider(buffer, new FakeTimeProvider(Start))));

        factory.CreateLogger("Test").LogWarning("{Text}", new string('y', 10_000));

        Assert.Equal(RecentLogsLoggerProvider.MaxMessageLength + 1, Assert.Single(buffer.Read(Everything)).Message.Length);
    }

    [Fact]
    public void AddServiceDefaults_RegistersTheProviderWithTheConfiguredCapacityAndLevels()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:RecentLogs:Capacity"] = "3",
            ["Logging:RecentLogs:LogLevel:Default"] = "Warning",
        });
        builder.AddServiceDefaults();
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Test");

        logger.LogInformation("not kept: below the provider's level");
        for (var i = 1; i <= 5; i++)
        {
            logger.LogWarning("warning {Number}", i);
        }

        var buffer = host.Services.GetRequiredService<RecentLogBuffer>();
        Assert.Equal(3, buffer.Capacity);
        Assert.Equal(["warning 5", "warning 4", "warning 3"], buffer.Read(new LogQuery(LogLevel.Trace, "warning", 10)).Select(entry => entry.Message));
        Assert.Empty(buffer.Read(new LogQuery(LogLevel.Trace, "not kept", 10)));
    }

    [Fact]
    public void AddServiceDefaults_CapacityOutOfRange_ClearError()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:RecentLogs:Capacity"] = "0" });
        builder.AddServiceDefaults();

        // The logger provider needs the buffer, so the service refuses to start at all.
        var error = Assert.Throws<OptionsValidationException>(() => builder.Build());

        Assert.Contains("Logging:RecentLogs:Capacity must be a whole number from 1 to 100000.", error.Message, StringComparison.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Received {Count} prices for {Region}")]
    private static partial void PricesReceived(ILogger logger, int count, string region);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload failed")]
    private static partial void UploadFailed(ILogger logger, Exception exception);
}
