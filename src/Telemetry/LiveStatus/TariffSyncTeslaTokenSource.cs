using Grpc.Core;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Integrations.Tesla;
using TeslaSync.Integrations.Tesla.Auth;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.Telemetry.LiveStatus;

/// <summary>
/// Gets Tesla access tokens from TariffSync, which owns the account and is the only refresher
/// (refresh tokens are single-use: a second refresher would lock the account out). A token is
/// reused for a few minutes; after a 401 TariffSync is asked to refresh that token once. While
/// TariffSync cannot be reached, a token configured for this service (Teslemetry, demo) is used, and
/// TariffSync is asked again only a minute later, so each read does not wait for it to time out first.
/// </summary>
internal sealed partial class TariffSyncTeslaTokenSource(
    TariffSyncClient tariffSync,
    IOptionsMonitor<TeslaOptions> options,
    TimeProvider time,
    ILogger<TariffSyncTeslaTokenSource> logger) : ITeslaAccessTokenSource
{
    private static readonly TimeSpan ReuseFor = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan AwayRecheck = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);
    private readonly Lock _lock = new();
    private (string Token, DateTimeOffset Until)? _cached;

    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_cached is { } cached && time.GetUtcNow() < cached.Until)
            {
                return cached.Token;
            }
        }

        return await AskAsync(rejected: null, cancellationToken)
            ?? throw new TeslaApiException(TeslaErrorKind.NotConfigured, "TariffSync gave no Tesla access token, and none is configured here.");
    }

    public Task<string?> RefreshAfterUnauthorizedAsync(string rejectedAccessToken, CancellationToken cancellationToken) =>
        AskAsync(rejectedAccessToken, cancellationToken);

    private async Task<string?> AskAsync(string? rejected, CancellationToken cancellationToken)
    {
        try
        {
            var access = await tariffSync.GetTeslaAccessAsync(
                new GetTeslaAccessRequest { RejectedAccessToken = rejected ?? string.Empty },
                deadline: DateTime.UtcNow + CallDeadline, // a transport deadline is wall-clock time, whatever clock the logic runs on
                cancellationToken: cancellationToken);
            lock (_lock)
            {
                _cached = (access.AccessToken, time.GetUtcNow() + ReuseFor);
            }

            return access.AccessToken;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.FailedPrecondition)
        {
            // TariffSync answered: the account needs the user (sign in again). A local token would not help.
            throw new TeslaApiException(TeslaErrorKind.SignInRequired, exception.Status.Detail);
        }
        catch (Exception exception) when (exception is RpcException or InvalidOperationException or HttpRequestException)
        {
            LogTariffSyncAway(exception.Message);
            var configured = options.CurrentValue.AccessToken;
            if (string.IsNullOrWhiteSpace(configured) || configured == rejected)
            {
                return null;
            }

            lock (_lock)
            {
                _cached = (configured, time.GetUtcNow() + AwayRecheck);
            }

            return configured;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "TariffSync did not hand over a Tesla token ({Reason}); using this service's configured token if it has one")]
    private partial void LogTariffSyncAway(string reason);
}
