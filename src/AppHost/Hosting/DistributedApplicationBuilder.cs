using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace TeslaSync.AppHost.Hosting;

/// <summary>Declares the resources of a <see cref="DistributedApplication"/>; nothing starts before <c>Run()</c>.</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> resources = [];
    private readonly StartupHooks hooks = new();

    internal DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        var assembly = options.AppHostAssembly ?? Assembly.GetEntryAssembly() ?? typeof(DistributedApplicationBuilder).Assembly;
        Metadata = AppHostMetadata.FromAssembly(assembly);
        ApplicationName = options.ApplicationName ?? (assembly.GetName().Name ?? "AppHost").Split('.')[0];

        // Like Aspire, appsettings.json is read from the AppHost project folder, whatever the working directory.
        Configuration = new ConfigurationManager();
        Configuration.AddJsonFile(Path.Combine(Metadata.ProjectDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        Configuration.AddUserSecrets(assembly, optional: true, reloadOnChange: false);
        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine(options.Args);
    }

    /// <summary>The AppHost's own configuration: appsettings.json, user secrets, environment, command line.</summary>
    public ConfigurationManager Configuration { get; }

    /// <summary>Where the AppHost project, the repository and the built projects are.</summary>
    public AppHostMetadata Metadata { get; }

    public string ApplicationName { get; }

    public IReadOnlyList<Resource> Resources => resources;

    /// <summary>A private redis-server (see <see cref="RedisResource"/>); healthy when it answers AUTH + PING.</summary>
    public IResourceBuilder<RedisResource> AddRedis(string name) => Add(new RedisResource(name));

    /// <summary>
    /// A project started from its build output. <paramref name="projectPath"/> is relative to the
    /// AppHost project folder, as in Aspire, and must be listed as an <c>AppHostProject</c> in the
    /// AppHost's project file so that it is built with it.
    /// </summary>
    public IResourceBuilder<ProjectResource> AddProject(string name, string projectPath) =>
        Add(new ProjectResource(name, Path.GetFullPath(projectPath, Metadata.ProjectDirectory)));

    /// <summary>A builder for a resource declared earlier (Aspire's <c>CreateResourceBuilder</c>), e.g. to configure every project alike.</summary>
    public IResourceBuilder<T> CreateResourceBuilder<T>(T resource)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resources.Contains(resource)
            ? new ResourceBuilder<T>(resource, this)
            : throw new InvalidOperationException($"Resource '{resource.Name}' was not declared with this builder.");
    }

    /// <summary>
    /// A problem with the AppHost's own configuration found while declaring (e.g. a bad command-line
    /// option): <c>Run()</c> reports it with the other prerequisites, before anything starts, and exits with 1.
    /// </summary>
    public void AddStartupProblem(string problem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(problem);
        hooks.Problems.Add(problem);
    }

    /// <summary>
    /// Runs once every prerequisite is met, just before the first resource starts (Aspire's
    /// <c>BeforeStartEvent</c>). An <see cref="AppHostException"/> it throws fails the start with its message.
    /// </summary>
    public void OnBeforeStart(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        hooks.BeforeStart.Add(callback);
    }

    /// <summary>Prints <paramref name="line"/>, unprefixed, after the ready line (and the URLs shown with it).</summary>
    public void ShowWhenReady(string line)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(line);
        hooks.ReadyLines.Add(line);
    }

    /// <summary>Orders the resources and allocates their ports; starts nothing.</summary>
    public DistributedApplication Build() => Build(ConsoleLog.ForConsole());

    /// <summary><see cref="Build()"/> writing to <paramref name="log"/> (tests read what was printed).</summary>
    internal DistributedApplication Build(ConsoleLog log)
    {
        var graph = ResourceGraph.Create(resources);
        PortAllocator.Assign(graph.StartOrder);
        var settings = AppHostSettings.From(Configuration, Metadata, ApplicationName);
        return new DistributedApplication(graph, settings, Metadata, log, hooks);
    }

    private ResourceBuilder<T> Add<T>(T resource)
        where T : Resource
    {
        if (resources.Any(r => r.Name == resource.Name))
        {
            throw new AppHostException($"Resource name '{resource.Name}' is declared more than once.");
        }

        resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }
}
