namespace TeslaSync.AppHost.Hosting;

/// <summary>
/// The declared resources in dependency order. Start order puts every resource after the ones it
/// references or waits for; stop order is the reverse, so dependents stop before what they use
/// (the gateway before the services, Redis last).
/// </summary>
public sealed class ResourceGraph
{
    private ResourceGraph(IReadOnlyList<Resource> startOrder)
    {
        StartOrder = startOrder;
        StopOrder = startOrder.Reverse().ToList();
    }

    public IReadOnlyList<Resource> StartOrder { get; }

    public IReadOnlyList<Resource> StopOrder { get; }

    public static ResourceGraph Create(IReadOnlyList<Resource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);

        var duplicate = resources.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new AppHostException($"Resource name '{duplicate.Key}' is declared more than once.");
        }

        foreach (var resource in resources)
        {
            var stranger = DependenciesOf(resource).FirstOrDefault(d => !resources.Contains(d));
            if (stranger is not null)
            {
                throw new AppHostException($"'{resource.Name}' depends on '{stranger.Name}', which belongs to another application builder.");
            }
        }

        // Kahn's algorithm; ties keep declaration order so the output reads like Program.cs.
        var remaining = resources.ToList();
        var ordered = new List<Resource>(resources.Count);
        while (remaining.Count > 0)
        {
            var next = remaining.FirstOrDefault(r => DependenciesOf(r).All(ordered.Contains));
            if (next is null)
            {
                throw new AppHostException($"The resources {string.Join(", ", remaining.Select(r => r.Name))} depend on each other in a cycle.");
            }

            ordered.Add(next);
            remaining.Remove(next);
        }

        return new ResourceGraph(ordered);
    }

    private static IEnumerable<Resource> DependenciesOf(Resource resource) => resource.References.Concat(resource.WaitsFor).Distinct();
}
