using TeslaSync.AppHost.Hosting;

namespace TeslaSync.AppHost.Tests;

public sealed class HostingTests
{
    [Fact]
    public void ResourceGraph_TeslaSyncShape_StartsDependenciesFirstAndStopsInReverse()
    {
        var builder = TestBuilders.ForAppHost();
        var gateway = builder.AddProject(ResourceNames.Gateway, "../Gateway/Gateway.csproj");
        var redis = builder.AddRedis(ResourceNames.Redis);
        var tariffSync = builder.AddProject(ResourceNames.TariffSync, "../TariffSync/TariffSync.csproj").WithReference(redis).WaitFor(redis);
        var telemetry = builder.AddProject(ResourceNames.Telemetry, "../Telemetry/Telemetry.csproj").WithReference(redis).WaitFor(redis).WithReference(tariffSync);
        gateway.WithReference(tariffSync).WaitFor(tariffSync).WithReference(telemetry).WaitFor(telemetry);

        var graph = ResourceGraph.Create(builder.Resources);

        Assert.Equal(["redis", "tariffsync", "telemetry", "gateway"], graph.StartOrder.Select(r => r.Name));
        Assert.Equal(["gateway", "telemetry", "tariffsync", "redis"], graph.StopOrder.Select(r => r.Name));
    }

    [Fact]
    public void ResourceGraph_Cycle_ThrowsNamingTheResources()
    {
        var builder = TestBuilders.ForAppHost();
        var a = builder.AddProject("alpha", "../A/A.csproj");
        var b = builder.AddProject("beta", "../B/B.csproj").WaitFor(a);
        a.WithReference(b);

        var error = Assert.Throws<AppHostException>(() => ResourceGraph.Create(builder.Resources));

        Assert.Contains("alpha, beta", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PriceIngest")]
    [InlineData("price-ingest")]
    [InlineData("price ingest")]
    [InlineData("")]
    public void AddProject_NameNotLowerCaseSingleWord_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => TestBuilders.ForAppHost().AddProject(name, "../X/X.csproj"));
    }

    [Fact]
    public void AddRedis_SameNameTwice_Throws()
    {
        var builder = TestBuilders.ForAppHost();
        builder.AddRedis(ResourceNames.Redis);

        Assert.Throws<AppHostException>(() => builder.AddRedis(ResourceNames.Redis));
    }

    [Fact]
    public void ResourceNames_All_AreLowerCaseSingleWords()
    {
        var names = typeof(ResourceNames).GetFields().Select(f => (string)f.GetValue(null)!).ToList();

        Assert.Equal(["redis", "simulator", "priceingest", "tariffsync", "gridevents", "telemetry", "gateway"], names);
    }

    [Fact]
    public void RedisResource_Password_IsLongAlphanumericAndDiffersPerResource()
    {
        var first = new RedisResource("redis").Password;
        var second = new RedisResource("redis").Password;

        Assert.Equal(32, first.Length);
        Assert.True(first.All(char.IsAsciiLetterOrDigit), first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void RedisResource_ServerArguments_LoopbackPasswordAndNoPersistence()
    {
        var builder = TestBuilders.ForAppHost();
        var redis = builder.AddRedis(ResourceNames.Redis).Resource;
        builder.Build();

        var arguments = redis.ServerArguments("/tmp/x");

        Assert.Equal(
            ["--port", redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--requirepass", redis.Password,
             "--save", "", "--appendonly", "no", "--dir", "/tmp/x", "--daemonize", "no", "--logfile", ""],
            arguments);
        Assert.Equal($"127.0.0.1:{redis.Port},password={redis.Password}", redis.ConnectionString);
    }

    [Fact]
    public void RedisServerLocator_NotOnPath_ReturnsNullAndMessageGivesInstallHint()
    {
        var emptyDirectory = Directory.CreateTempSubdirectory("apphost-tests-path-");
        try
        {
            Assert.Null(RedisServerLocator.Find(emptyDirectory.FullName));
            Assert.Null(RedisServerLocator.Find(null));
            Assert.Null(RedisServerLocator.Find("/usr/bin", configuredPath: "/nonexistent/redis-server"));
            Assert.Contains("redis-server was not found on PATH", RedisServerLocator.MissingMessage, StringComparison.Ordinal);
            Assert.Contains("sudo apt-get install redis-server", RedisServerLocator.MissingMessage, StringComparison.Ordinal);
        }
        finally
        {
            emptyDirectory.Delete();
        }
    }

    [Fact]
    public void RedisServerLocator_OnPath_FindsIt()
    {
        Assert.Equal("/usr/bin/redis-server", RedisServerLocator.Find("/nonexistent:/usr/bin"));
    }

    [Theory]
    [InlineData(false, null, true)]
    [InlineData(false, "", true)]
    [InlineData(false, "1", false)]
    [InlineData(true, null, false)]
    public void ConsoleLog_ColoursEnabled_OnlyForTerminalWithoutNoColor(bool redirected, string? noColor, bool expected)
    {
        Assert.Equal(expected, ConsoleLog.ColoursEnabled(redirected, noColor));
    }

    [Fact]
    public void ConsoleLog_Output_PrefixesEachLineWithPaddedName()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var log = new ConsoleLog(output, error, useColour: false);
        log.Register(["redis", "priceingest"]);

        log.Output("redis", "Ready to accept connections", isError: false);
        log.Output("priceingest", "boom", isError: true);
        log.Info("two\nlines");

        Assert.Equal(
            "redis       | Ready to accept connections\napphost     | two\napphost     | lines\n",
            output.ToString().ReplaceLineEndings("\n"));
        Assert.Equal("priceingest | boom\n", error.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void ConsoleLog_WithColour_ColoursOnlyThePrefix()
    {
        Assert.Equal("\u001b[36mredis |\u001b[0m hello", ConsoleLog.FormatLine("redis", 5, "hello", "\u001b[36m"));
    }
}
