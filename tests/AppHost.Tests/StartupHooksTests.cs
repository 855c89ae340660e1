using TeslaSync.AppHost.Hosting;

namespace TeslaSync.AppHost.Tests;

/// <summary>What a Program adds to a start beyond its resources, in-process with no resources (nothing is launched).</summary>
public sealed class StartupHooksTests
{
    [Fact]
    public async Task StartAsync_StartupProblems_ReportedWithThePrerequisitesAndBeforeStartNeverRuns()
    {
        var builder = TestBuilders.ForAppHost();
        var ranBeforeStart = false;
        builder.AddStartupProblem("first problem");
        builder.AddStartupProblem("second problem");
        builder.OnBeforeStart(() => ranBeforeStart = true);
        var (app, output) = Build(builder);
        await using var _ = app;

        var error = await Assert.ThrowsAsync<AppHostException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal("Cannot start TeslaSync:\n  - first problem\n  - second problem", error.Message);
        Assert.False(ranBeforeStart);
        Assert.DoesNotContain("is ready", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_BeforeStartAndReadyLines_RunInOrderAndPrintAfterTheReadyLine()
    {
        var builder = TestBuilders.ForAppHost();
        var calls = new List<string>();
        builder.OnBeforeStart(() => calls.Add("one"));
        builder.OnBeforeStart(() => calls.Add("two"));
        builder.ShowWhenReady("Replaying something");
        var (app, output) = Build(builder);
        await using var _ = app;

        await app.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["one", "two"], calls);
        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["TeslaSync is ready.", "Replaying something"], lines[^2..]);
    }

    [Fact]
    public async Task StartAsync_BeforeStartThrows_StartFailsWithItsMessage()
    {
        var builder = TestBuilders.ForAppHost();
        builder.OnBeforeStart(() => throw new AppHostException("cannot prepare"));
        var (app, output) = Build(builder);
        await using var _ = app;

        var error = await Assert.ThrowsAsync<AppHostException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal("cannot prepare", error.Message);
        Assert.DoesNotContain("is ready", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CreateResourceBuilder_DeclaredResource_ConfiguresThatResource()
    {
        var builder = TestBuilders.ForAppHost();
        var gateway = builder.AddProject(ResourceNames.Gateway, "../Gateway/Gateway.csproj").Resource;

        builder.CreateResourceBuilder(gateway).WithEnvironment("Key", "value");
        builder.Build();

        Assert.Equal("value", EnvironmentContract.For(gateway, TestBuilders.Settings)["Key"]);
    }

    [Fact]
    public void CreateResourceBuilder_ResourceOfAnotherBuilder_Throws()
    {
        var other = TestBuilders.ForAppHost().AddProject(ResourceNames.Gateway, "../Gateway/Gateway.csproj").Resource;

        Assert.Throws<InvalidOperationException>(() => TestBuilders.ForAppHost().CreateResourceBuilder(other));
    }

    private static (DistributedApplication App, StringWriter Output) Build(DistributedApplicationBuilder builder)
    {
        var output = new StringWriter();
        return (builder.Build(new ConsoleLog(output, output, useColour: false)), output);
    }
}
