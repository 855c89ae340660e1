using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace TeslaSync.Gateway.Security;

/// <summary>
/// Sign-in and setup attempts per client address (<see cref="LoginLimits.AttemptsPerClient"/> per
/// <see cref="LoginLimits.ClientWindow"/>), then 429 with Retry-After.
/// </summary>
internal sealed class LoginRateLimitPolicy(TimeProvider clock, IOptions<LoginLimits> options) : IRateLimiterPolicy<string>
{
    public const string Name = "login";

    private readonly LoginLimits _limits = options.Value;

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (rejected, _) =>
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        await SecurityProblems.TooManyAttempts(rejected.HttpContext, retryAfter).ExecuteAsync(rejected.HttpContext);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.Get(ClientKey(httpContext.Connection.RemoteIpAddress),
            _ => new WindowRateLimiter(_limits.AttemptsPerClient, _limits.ClientWindow, clock));

    /// <summary>
    /// The client's address; an IPv6 client is counted by its /64, since one host can hold a whole
    /// /64 and would otherwise get a fresh allowance per address.
    /// </summary>
    internal static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
