namespace TeslaSync.AppHost.Hosting;

/// <summary>Aspire's verbs for project resources. They only declare; nothing runs before <c>Run()</c>.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>
    /// Injects <paramref name="source"/>'s address: <c>ConnectionStrings__&lt;name&gt;</c> for Redis,
    /// <c>services__&lt;name&gt;__&lt;endpoint&gt;__0</c> for each endpoint of a project.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<Resource> source)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(source);
        builder.Resource.AddReference(source.Resource);
        return builder;
    }

    /// <summary>Starts this resource only after <paramref name="dependency"/> is healthy.</summary>
    public static IResourceBuilder<ProjectResource> WaitFor(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<Resource> dependency)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dependency);
        builder.Resource.AddWaitFor(dependency.Resource);
        return builder;
    }

    /// <summary>
    /// Healthy = HTTP GET <paramref name="path"/> answers 2xx on the <c>health</c> endpoint (or the
    /// <c>http</c> endpoint of a single-endpoint web app), or on <paramref name="endpointName"/>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithHttpHealthCheck(this IResourceBuilder<ProjectResource> builder, string path = "/health", string? endpointName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.HealthCheckPath = path.StartsWith('/') ? path : "/" + path;
        if (endpointName is not null)
        {
            builder.Resource.HealthCheckEndpointName = endpointName;
        }

        return builder;
    }

    /// <summary>Sets (or, with null, removes) one variable, after the Aspire contract is applied.</summary>
    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> builder, string key, string? value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.AddEnvironmentCallback(env =>
        {
            if (value is null)
            {
                env.Remove(key);
            }
            else
            {
                env[key] = value;
            }
        });
        return builder;
    }

    /// <summary>Sets variables when the process starts, after ports are allocated (e.g. another resource's URL).</summary>
    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> builder, Action<IDictionary<string, string>> callback)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.AddEnvironmentCallback(callback);
        return builder;
    }

    /// <summary>Adds or replaces one Kestrel endpoint (<c>Kestrel__Endpoints__&lt;name&gt;__*</c>); no port = a free port.</summary>
    public static IResourceBuilder<ProjectResource> WithEndpoint(this IResourceBuilder<ProjectResource> builder, string name, EndpointProtocols protocols, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.SetEndpoint(new ResourceEndpoint(name, protocols, port));
        return builder;
    }

    /// <summary>
    /// For plain web apps (gateway, simulator): replaces the gRPC pair with ONE endpoint <c>http</c>
    /// (HTTP/1.1 and HTTP/2) that also serves health. A fixed <paramref name="port"/> gives the user a stable URL.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSingleHttpEndpoint(this IResourceBuilder<ProjectResource> builder, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.ClearEndpoints();
        builder.Resource.SetEndpoint(new ResourceEndpoint(ProjectResource.HttpEndpointName, EndpointProtocols.Http1, port));
        builder.Resource.HealthCheckEndpointName = ProjectResource.HttpEndpointName;
        return builder;
    }

    /// <summary>Marks the resource whose <c>http</c> URL the ready line shows.</summary>
    public static IResourceBuilder<ProjectResource> AsEntryPoint(this IResourceBuilder<ProjectResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.IsEntryPoint = true;
        return builder;
    }

    /// <summary>Prints "<paramref name="label"/>: &lt;url&gt;" after the ready line.</summary>
    public static IResourceBuilder<ProjectResource> ShowUrlWhenReady(this IResourceBuilder<ProjectResource> builder, string label)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.ReadyUrlLabel = label;
        return builder;
    }
}
