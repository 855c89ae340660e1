using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Gateway.Security;

namespace TeslaSync.Gateway.FunctionalTests;

public sealed class WindowRateLimiterTests
{
    [Fact]
    public void PermitsUpToTheLimit_ThenRefusesWithRetryAfterUntilTheWindowEnds()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 3, 0, 0, TimeSpan.Zero));
        using var limiter = new WindowRateLimiter(3, TimeSpan.FromMinutes(5), clock);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            using var lease = limiter.AttemptAcquire();
            Assert.True(lease.IsAcquired);
            Assert.Null(limiter.IdleDuration);
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        using (var refused = limiter.AttemptAcquire())
        {
            Assert.False(refused.IsAcquired);
            Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
            Assert.Equal(TimeSpan.FromMinutes(4), retryAfter);
        }

        Assert.Equal(0, limiter.GetStatistics()!.CurrentAvailablePermits);
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(TimeSpan.Zero, limiter.IdleDuration);
        using var again = limiter.AttemptAcquire();
        Assert.True(again.IsAcquired);
        Assert.Equal(2, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void ClientKey_CountsIPv6ByItsSlash64(string address, string key)
    {
        Assert.Equal(key, LoginRateLimitPolicy.ClientKey(IPAddress.Parse(address)));
    }

    [Fact]
    public void ClientKey_NoAddress_SharesOneKey()
    {
        Assert.Equal("unknown", LoginRateLimitPolicy.ClientKey(null));
    }
}
