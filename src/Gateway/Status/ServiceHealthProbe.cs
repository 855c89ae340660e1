namespace TeslaSync.Gateway.Status;

/// <summary>Asks one service's <c>/health</c> endpoint how it is.</summary>
internal sealed class ServiceHealthProbe(HttpClient http)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary><c>healthy</c>, <c>degraded</c>, <c>unhealthy</c> or <c>unreachable</c>.</summary>
    public async Task<string> ProbeAsync(string service, CancellationToken cancellationToken)
    {
        try
        {
            // "_health.{service}" asks service discovery for the service's "health" endpoint.
            using var response = await http.GetAsync(new Uri($"http://_health.{service}/health"), cancellationToken);
            var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            return body.ToLowerInvariant() switch
            {
                "healthy" => "healthy",
                "degraded" => "degraded",
                _ => "unhealthy",
            };
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return "unreachable";
        }
    }
}
