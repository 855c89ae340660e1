using System.Diagnostics;

namespace TeslaSync.AppHost.Hosting;

/// <summary>One way to ask a resource whether it is healthy.</summary>
internal interface IHealthProbe
{
    /// <summary>What is probed, for messages ("GET http://127.0.0.1:5123/health").</summary>
    string Target { get; }

    /// <summary>Why the last probe failed ("connection refused", "HTTP 503").</summary>
    string? LastFailure { get; }

    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);
}

/// <summary>Healthy = 2xx from an HTTP GET.</summary>
internal sealed class HttpHealthProbe(Uri address) : IHealthProbe
{
    // Never through a proxy: these are loopback addresses of our own children.
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(5) });

    public string Target => $"GET {address}";

    public string? LastFailure { get; private set; }

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var response = await Client.GetAsync(address, timeout.Token);
            LastFailure = $"HTTP {(int)response.StatusCode}";
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException e)
        {
            LastFailure = e.InnerException?.Message ?? e.Message;
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LastFailure = "no answer within 2 s";
            return false;
        }
    }
}

/// <summary>Healthy = Redis answers AUTH + PING.</summary>
internal sealed class RedisPingProbe(RedisResource redis) : IHealthProbe
{
    public string Target => $"AUTH + PING to {ResourceEndpoint.Host}:{redis.Port}";

    public string? LastFailure { get; private set; }

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await RedisPing.PingAsync(ResourceEndpoint.Host, redis.Port, redis.Password, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or RedisReplyException
                                  || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LastFailure = e.Message;
            return false;
        }
    }
}

/// <summary>
/// Waits until a just-started resource is healthy. Fails fast, naming the resource and showing its
/// last output, when the process exits first or the timeout passes: a service that never comes up
/// must not leave the user staring at a silent console.
/// </summary>
internal sealed class HealthWaiter(TimeSpan timeout)
{
    public TimeSpan Timeout { get; } = timeout;

    public async Task WaitUntilHealthyAsync(ChildProcess process, IHealthProbe? probe, CancellationToken cancellationToken)
    {
        if (probe is null)
        {
            // No health check declared: healthy once started, as in Aspire.
            return;
        }

        var elapsed = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new AppHostException(
                    $"{process.Name} exited with code {await process.Exited} before it became healthy.\n{process.DescribeLastLines()}");
            }

            if (await probe.IsHealthyAsync(cancellationToken))
            {
                return;
            }

            if (elapsed.Elapsed >= Timeout)
            {
                throw new AppHostException(
                    $"{process.Name} did not become healthy within {Timeout.TotalSeconds:0} s ({probe.Target}: {probe.LastFailure ?? "no answer"}).\n" +
                    process.DescribeLastLines());
            }

            // Wake early if the process dies while we wait.
            await Task.WhenAny(Task.Delay(delay, cancellationToken), process.Exited);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }
}
