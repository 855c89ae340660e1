namespace TeslaSync.AppHost.Hosting;

/// <summary>
/// What the Program adds to a start beyond its resources (see <see cref="DistributedApplicationBuilder"/>):
/// configuration problems reported with the prerequisites, work to do just before the first resource
/// starts, and lines to print after the ready line.
/// </summary>
internal sealed class StartupHooks
{
    public List<string> Problems { get; } = [];

    public List<Action> BeforeStart { get; } = [];

    public List<string> ReadyLines { get; } = [];
}
