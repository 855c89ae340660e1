namespace TeslaSync.GridEvents;

/// <summary>
/// Names this service's assembly for <c>WebApplicationFactory&lt;T&gt;</c>: every service's
/// top-level <c>Program</c> is called the same, and tests host several services in one process.
/// </summary>
public sealed class ServiceAssembly
{
    private ServiceAssembly()
    {
    }
}
