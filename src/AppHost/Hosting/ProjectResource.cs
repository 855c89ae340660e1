namespace TeslaSync.AppHost.Hosting;

/// <summary>
/// A .NET project started from its build output (<c>dotnet &lt;TargetPath&gt;</c>) in its own directory.
/// By default it has the two endpoints of a gRPC service: <c>http</c> (HTTP/2 only, because gRPC
/// without TLS needs prior knowledge) and <c>health</c> (HTTP/1.1, for probes and REST).
/// </summary>
public sealed class ProjectResource : Resource
{
    public const string HttpEndpointName = "http";
    public const string HealthEndpointName = "health";

    private readonly List<ResourceEndpoint> endpoints =
    [
        new(HttpEndpointName, EndpointProtocols.Http2, null),
        new(HealthEndpointName, EndpointProtocols.Http1, null),
    ];

    private readonly List<Action<IDictionary<string, string>>> environmentCallbacks = [];

    public ProjectResource(string name, string projectPath)
        : base(name)
    {
        ProjectPath = projectPath;
    }

    /// <summary>Full path of the project file.</summary>
    public string ProjectPath { get; }

    public string ProjectDirectory => Path.GetDirectoryName(ProjectPath)!;

    public IReadOnlyList<ResourceEndpoint> Endpoints => endpoints;

    /// <summary>Path probed with HTTP GET (2xx = healthy); null means "healthy once started".</summary>
    public string? HealthCheckPath { get; internal set; }

    /// <summary>Endpoint the health check uses: <c>health</c> when the project has one, else <c>http</c>.</summary>
    public string HealthCheckEndpointName { get; internal set; } = HealthEndpointName;

    /// <summary>The resource whose URL the ready line shows.</summary>
    public bool IsEntryPoint { get; internal set; }

    /// <summary>When set, the URL is printed with this label after the ready line.</summary>
    public string? ReadyUrlLabel { get; internal set; }

    internal IReadOnlyList<Action<IDictionary<string, string>>> EnvironmentCallbacks => environmentCallbacks;

    public ResourceEndpoint GetEndpoint(string name) =>
        endpoints.Find(e => e.Name == name) ?? throw new InvalidOperationException($"Resource '{Name}' has no endpoint '{name}'.");

    internal void SetEndpoint(ResourceEndpoint endpoint)
    {
        endpoints.RemoveAll(e => e.Name == endpoint.Name);
        endpoints.Add(endpoint);
    }

    internal void ClearEndpoints() => endpoints.Clear();

    internal void AddEnvironmentCallback(Action<IDictionary<string, string>> callback) => environmentCallbacks.Add(callback);

    internal ResourceEndpoint? HealthCheckEndpoint =>
        endpoints.Find(e => e.Name == HealthCheckEndpointName) ?? endpoints.Find(e => e.Name == HttpEndpointName);
}
