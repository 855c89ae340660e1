namespace TeslaSync.Gateway.Status;

/// <summary>The status part of the REST API.</summary>
internal static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/status", async (SystemStatusReader reader, CancellationToken cancellationToken) =>
                TypedResults.Ok(await reader.ReadAsync(cancellationToken)))
            .WithName("GetStatus")
            .WithSummary("Current prices, the last tariff sync and the health of every service.");
        return endpoints;
    }
}
