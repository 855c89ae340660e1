using Yarp.ReverseProxy.Configuration;

namespace TeslaSync.Gateway.Proxy;

/// <summary>
/// Proxy routes <c>/services/{name}/health</c> and <c>/services/{name}/alive</c> to each service's
/// HTTP/1.1 health endpoint. The services listen on loopback only; this lets a monitor on the
/// network watch each of them through the one port the gateway exposes.
/// </summary>
internal static class ServiceHealthRoutes
{
    public static IReadOnlyList<RouteConfig> Routes(IEnumerable<string> services) =>
        services.Select(service => new RouteConfig
        {
            RouteId = $"{service}-health",
            ClusterId = service,
            Match = new RouteMatch { Path = $"/services/{service}/{{probe:regex(^(health|alive)$)}}", Methods = ["GET"] },
            Transforms = [new Dictionary<string, string> { ["PathPattern"] = "/{probe}" }],
        }).ToList();

    /// <summary>One cluster per service whose health endpoint the launcher announced (<c>services:{name}:health:0</c>).</summary>
    public static IReadOnlyList<ClusterConfig> Clusters(IEnumerable<string> services, IConfiguration configuration) =>
        services
            .Select(service => (service, address: configuration[$"services:{service}:health:0"]))
            .Where(entry => !string.IsNullOrWhiteSpace(entry.address))
            .Select(entry => new ClusterConfig
            {
                ClusterId = entry.service,
                Destinations = new Dictionary<string, DestinationConfig>
                {
                    [entry.service] = new() { Address = entry.address! },
                },
            }).ToList();
}
