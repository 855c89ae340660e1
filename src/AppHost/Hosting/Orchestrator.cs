using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace TeslaSync.AppHost.Hosting;

/// <summary>
/// Runs a built <see cref="ResourceGraph"/>: checks prerequisites, starts each resource once the
/// ones it waits for are healthy (independent ones in parallel), announces readiness, notices a child
/// that dies, and stops everything in reverse order. Nothing is ever restarted: a dead service is a
/// bug to see, not to hide.
/// </summary>
internal sealed class Orchestrator
{
    private readonly ResourceGraph graph;
    private readonly AppHostSettings settings;
    private readonly AppHostMetadata metadata;
    private readonly ConsoleLog log;
    private readonly StartupHooks hooks;
    private readonly HealthWaiter healthWaiter;
    private readonly ConcurrentDictionary<Resource, ChildProcess> processes = new();
    private readonly ConcurrentBag<string> temporaryDirectories = [];
    private readonly TaskCompletionSource<AppHostException> failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock gate = new();
    private string? redisServerPath;
    private Task? stopTask;
    private volatile bool stopping;

    public Orchestrator(ResourceGraph graph, AppHostSettings settings, AppHostMetadata metadata, ConsoleLog log, StartupHooks hooks)
    {
        this.graph = graph;
        this.hooks = hooks;
        this.settings = settings;
        this.metadata = metadata;
        this.log = log;
        healthWaiter = new HealthWaiter(settings.StartupTimeout);
        Shutdown = new ShutdownCoordinator(log);
        log.Register(graph.StartOrder.Select(r => r.Name));
    }

    public ShutdownCoordinator Shutdown { get; }

    /// <summary>Completes when a child exits that nobody asked to stop.</summary>
    public Task<AppHostException> Failure => failure.Task;

    public int? ProcessIdOf(string name) =>
        processes.FirstOrDefault(p => p.Key.Name == name).Value?.Id;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        CheckPrerequisites();
        foreach (var callback in hooks.BeforeStart)
        {
            callback();
        }

        StateFile.Delete(settings.StateFilePath);
        log.Info($"Starting {settings.ApplicationName}: {string.Join(", ", graph.StartOrder.Select(r => r.Name))}.");

        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = new Dictionary<Resource, Task>();
        foreach (var resource in graph.StartOrder)
        {
            started[resource] = StartWhenDependenciesAreHealthyAsync(resource, started, startup.Token);
        }

        try
        {
            // The first failure wins: it is the root cause (dependents fail after it, with its message).
            var pending = started.Values.ToList();
            while (pending.Count > 0)
            {
                var done = await Task.WhenAny([.. pending, failure.Task]);
                if (done == failure.Task)
                {
                    throw failure.Task.Result;
                }

                await done;
                pending.Remove(done);
            }
        }
        catch
        {
            await startup.CancelAsync();
            await Task.WhenAll(started.Values).ContinueWith(_ => { }, TaskScheduler.Default);
            await StopAsync();
            throw;
        }

        var state = StateFile.Create(graph.StartOrder.Select(r => (r, processes[r].Id)));
        if (!string.IsNullOrWhiteSpace(settings.StateFilePath))
        {
            StateFile.Write(settings.StateFilePath, state);
        }

        AnnounceReady();
    }

    public Task StopAsync()
    {
        lock (gate)
        {
            return stopTask ??= StopCoreAsync();
        }
    }

    private async Task StopCoreAsync()
    {
        stopping = true;
        var running = graph.StopOrder.Where(processes.ContainsKey).Select(r => processes[r]).ToList();
        if (running.Count > 0)
        {
            log.Info($"Stopping {settings.ApplicationName}: {string.Join(", ", running.Select(p => p.Name))}.");
        }

        await Shutdown.StopAllAsync(running, settings.StopTimeout);

        foreach (var directory in temporaryDirectories)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException e)
            {
                log.Error($"Could not delete {directory}: {e.Message}");
            }
        }

        StateFile.Delete(settings.StateFilePath);
        if (running.Count > 0)
        {
            log.Info("Stopped.");
        }
    }

    /// <summary>Everything that would make a start fail half-way, reported together before anything starts.</summary>
    private void CheckPrerequisites()
    {
        var problems = new List<string>(hooks.Problems);
        if (graph.StartOrder.OfType<RedisResource>().Any())
        {
            redisServerPath = RedisServerLocator.Find(settings.PathVariable, settings.RedisServerPath);
            if (redisServerPath is null)
            {
                problems.Add(RedisServerLocator.MissingMessage);
            }
        }

        foreach (var project in graph.StartOrder.OfType<ProjectResource>())
        {
            var relative = Path.GetRelativePath(metadata.ProjectDirectory, project.ProjectPath);
            var built = metadata.Find(project.ProjectPath);
            if (!File.Exists(project.ProjectPath))
            {
                problems.Add($"{project.Name}: the project {project.ProjectPath} does not exist.");
            }
            else if (built is null)
            {
                problems.Add(
                    $"{project.Name}: {relative} was not built with the AppHost. Add <AppHostProject Include=\"{relative}\" /> " +
                    $"to the AppHost project in {metadata.ProjectDirectory} (or build it again if the project is new).");
            }
            else if (!File.Exists(built.TargetPath))
            {
                problems.Add($"{project.Name}: {built.TargetPath} does not exist. Build the AppHost first (dotnet build {metadata.ProjectDirectory}); it builds every service.");
            }

            foreach (var endpoint in project.Endpoints.Where(e => e.FixedPort is not null))
            {
                if (!PortAllocator.IsFree(endpoint.Port))
                {
                    problems.Add($"{project.Name}: port {endpoint.Port} ({endpoint.Name}) is already in use. Is another instance running? Stop it or configure another port.");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new AppHostException($"Cannot start {settings.ApplicationName}:\n" + string.Join('\n', problems.Select(p => "  - " + p.Replace("\n", "\n    ", StringComparison.Ordinal))));
        }
    }

    private async Task StartWhenDependenciesAreHealthyAsync(Resource resource, IReadOnlyDictionary<Resource, Task> started, CancellationToken cancellationToken)
    {
        // WaitFor targets come earlier in start order, so their tasks exist; a dependency that fails
        // fails this one with the same exception.
        foreach (var dependency in resource.WaitsFor)
        {
            await started[dependency];
        }

        cancellationToken.ThrowIfCancellationRequested();
        var child = resource switch
        {
            RedisResource redis => StartRedis(redis),
            ProjectResource project => StartProject(project),
            _ => throw new NotSupportedException($"Unknown resource type {resource.GetType().Name}."),
        };

        var probe = resource switch
        {
            RedisResource redis => new RedisPingProbe(redis),
            ProjectResource { HealthCheckPath: { } path } project when project.HealthCheckEndpoint is { } endpoint =>
                new HttpHealthProbe(new Uri(endpoint.Url + path)),
            _ => (IHealthProbe?)null,
        };

        await healthWaiter.WaitUntilHealthyAsync(child, probe, cancellationToken);
        log.Info($"{resource.Name} is healthy.");
    }

    private ChildProcess StartRedis(RedisResource redis)
    {
        // Its own temp dir: redis-server may write there (it should not: no RDB, no AOF); deleted at stop.
        var directory = Directory.CreateTempSubdirectory($"teslasync-{redis.Name}-").FullName;
        temporaryDirectories.Add(directory);

        var startInfo = new ProcessStartInfo(redisServerPath!) { WorkingDirectory = directory };
        foreach (var argument in redis.ServerArguments(directory))
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment[EnvironmentContract.ParentPidVariable] = settings.Launch.ParentProcessId.ToString(CultureInfo.InvariantCulture);
        return Launch(redis, startInfo, $"port {redis.Port}");
    }

    private ChildProcess StartProject(ProjectResource project)
    {
        // Run the build output; never `dotnet run`, which would rebuild (concurrently, per service).
        var built = metadata.Find(project.ProjectPath)!;
        var startInfo = new ProcessStartInfo(DotNetHost.Path) { WorkingDirectory = project.ProjectDirectory };
        startInfo.ArgumentList.Add(built.TargetPath);
        foreach (var key in EnvironmentContract.NotInherited)
        {
            startInfo.Environment.Remove(key);
        }

        foreach (var (key, value) in EnvironmentContract.For(project, settings.Launch))
        {
            startInfo.Environment[key] = value;
        }

        return Launch(project, startInfo, string.Join(", ", project.Endpoints.Select(e => $"{e.Name} {e.Url}")));
    }

    private ChildProcess Launch(Resource resource, ProcessStartInfo startInfo, string description)
    {
        var child = ChildProcess.Start(resource.Name, startInfo, log);
        processes[resource] = child;
        log.Info($"Started {resource.Name} (pid {child.Id}): {description}.");
        _ = WatchForUnexpectedExitAsync(child);
        return child;
    }

    private async Task WatchForUnexpectedExitAsync(ChildProcess child)
    {
        var exitCode = await child.Exited;
        if (IsExpected(child))
        {
            return;
        }

        // Ctrl+C in a terminal signals the children too, and one may exit a moment before our own
        // signal handler has run: give the handler that moment before calling the exit unexpected.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        if (IsExpected(child))
        {
            return;
        }

        log.Error($"{child.Name} exited unexpectedly with exit code {exitCode}. Nothing is restarted; stopping everything.");
        failure.TrySetResult(new AppHostException($"{child.Name} exited unexpectedly with exit code {exitCode}.\n{child.DescribeLastLines()}"));
    }

    private bool IsExpected(ChildProcess child) => child.StopRequested || stopping || Shutdown.IsRequested;

    private void AnnounceReady()
    {
        var projects = graph.StartOrder.OfType<ProjectResource>().ToList();
        var entryPoint = projects.FirstOrDefault(p => p.IsEntryPoint);
        log.Plain(entryPoint is null
            ? $"{settings.ApplicationName} is ready."
            : $"{settings.ApplicationName} is ready: {PrimaryUrl(entryPoint)}");
        foreach (var project in projects.Where(p => p.ReadyUrlLabel is not null))
        {
            log.Plain($"{project.ReadyUrlLabel}: {PrimaryUrl(project)}");
        }

        foreach (var line in hooks.ReadyLines)
        {
            log.Plain(line);
        }
    }

    private static string PrimaryUrl(ProjectResource project) =>
        (project.Endpoints.FirstOrDefault(e => e.Name == ProjectResource.HttpEndpointName) ?? project.Endpoints[0]).Url;
}
