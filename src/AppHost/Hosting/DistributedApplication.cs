using System.Reflection;

namespace TeslaSync.AppHost.Hosting;

/// <summary>How to create a builder; <see cref="DistributedApplication.CreateBuilder(string[])"/> covers the usual case.</summary>
public sealed class DistributedApplicationOptions
{
    public string[] Args { get; init; } = [];

    /// <summary>
    /// The assembly carrying the build metadata (build/AppHostProjects.targets); default the entry
    /// assembly. Tests that build an application in-process pass their own or the AppHost's.
    /// </summary>
    public Assembly? AppHostAssembly { get; init; }

    /// <summary>Used in the ready line; default the first part of the assembly name ("TeslaSync").</summary>
    public string? ApplicationName { get; init; }
}

/// <summary>
/// A built application, Aspire-style: <c>DistributedApplication.CreateBuilder(args)</c>, declare
/// resources, <c>builder.Build().Run()</c>.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly Orchestrator orchestrator;
    private readonly ConsoleLog log;

    internal DistributedApplication(ResourceGraph graph, AppHostSettings settings, AppHostMetadata metadata, ConsoleLog log, StartupHooks hooks)
    {
        Graph = graph;
        this.log = log;
        orchestrator = new Orchestrator(graph, settings, metadata, log, hooks);
    }

    public ResourceGraph Graph { get; }

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(new DistributedApplicationOptions { Args = args });

    public static DistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options) => new(options);

    /// <summary>Runs until Ctrl+C or SIGTERM; a failure is printed (no stack trace) and sets exit code 1.</summary>
    public void Run()
    {
        try
        {
            RunAsync().GetAwaiter().GetResult();
        }
        catch (AppHostException e)
        {
            log.Error(e.Message);
            Environment.ExitCode = 1;
        }
    }

    /// <summary>
    /// Starts everything, then runs until <paramref name="cancellationToken"/>, SIGINT or SIGTERM, and
    /// stops everything. Throws <see cref="AppHostException"/> if a resource never became healthy or
    /// a process exited unexpectedly (after stopping the rest).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        orchestrator.Shutdown.HandleSignals();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, orchestrator.Shutdown.Requested);
        try
        {
            try
            {
                await orchestrator.StartAsync(stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            var stopped = Task.Delay(Timeout.Infinite, stop.Token);
            if (await Task.WhenAny(orchestrator.Failure, stopped) == orchestrator.Failure)
            {
                throw orchestrator.Failure.Result;
            }
        }
        finally
        {
            await orchestrator.StopAsync();
        }
    }

    /// <summary>Starts everything and returns once all resources are healthy (for tests and tools).</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => orchestrator.StartAsync(cancellationToken);

    /// <summary>Stops everything in reverse start order. Safe to call more than once.</summary>
    public Task StopAsync() => orchestrator.StopAsync();

    /// <summary>The pid of a started resource's process, or null.</summary>
    public int? GetProcessId(string resourceName) => orchestrator.ProcessIdOf(resourceName);

    public async ValueTask DisposeAsync()
    {
        await orchestrator.StopAsync();
        orchestrator.Shutdown.Dispose();
    }
}
