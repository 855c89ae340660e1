using System.Text.RegularExpressions;

namespace TeslaSync.AppHost.Hosting;

/// <summary>Something the AppHost runs: a Redis server or a project. Names follow <see cref="ResourceNames"/>.</summary>
public abstract partial class Resource
{
    private readonly List<Resource> references = [];
    private readonly List<Resource> waitsFor = [];

    protected Resource(string name)
    {
        // The name becomes a configuration key segment and an environment variable part, so keep it
        // to what survives both unchanged.
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"Resource name '{name}' must be a lower-case single word (a-z, 0-9).", nameof(name));
        }

        Name = name;
    }

    public string Name { get; }

    /// <summary>Resources whose addresses or connection strings this one receives (<c>WithReference</c>).</summary>
    public IReadOnlyList<Resource> References => references;

    /// <summary>Resources that must be healthy before this one starts (<c>WaitFor</c>).</summary>
    public IReadOnlyList<Resource> WaitsFor => waitsFor;

    internal void AddReference(Resource resource)
    {
        if (!references.Contains(resource))
        {
            references.Add(resource);
        }
    }

    internal void AddWaitFor(Resource resource)
    {
        if (!waitsFor.Contains(resource))
        {
            waitsFor.Add(resource);
        }
    }

    public override string ToString() => Name;

    [GeneratedRegex("^[a-z][a-z0-9]*$")]
    private static partial Regex NamePattern();
}

/// <summary>Kestrel's <c>HttpProtocols</c> values, as written into <c>Kestrel__Endpoints__*__Protocols</c>.</summary>
public enum EndpointProtocols
{
    /// <summary>Health probes and REST.</summary>
    Http1,

    /// <summary>gRPC without TLS needs an HTTP/2-only endpoint (prior knowledge).</summary>
    Http2,

    /// <summary>Plain web apps (gateway, simulator).</summary>
    Http1AndHttp2,
}

/// <summary>A loopback HTTP endpoint of a project. The port is fixed or allocated by <c>Build()</c>.</summary>
public sealed class ResourceEndpoint(string name, EndpointProtocols protocols, int? fixedPort)
{
    public const string Host = "127.0.0.1";

    public string Name { get; } = name;

    public EndpointProtocols Protocols { get; } = protocols;

    public int? FixedPort { get; } = fixedPort;

    internal int? AllocatedPort { get; set; }

    public int Port => AllocatedPort ?? throw new InvalidOperationException($"Endpoint '{Name}' has no port until the application is built.");

    public string Url => $"http://{Host}:{Port}";
}
