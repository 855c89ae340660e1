using TeslaSync.Domain.Budget;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Tesla.Wire;

namespace TeslaSync.Integrations.Tesla.Http;

/// <summary>
/// Sends each call to the right regional host. Fleet: on 421 ("user not present in this region") asks
/// <c>/api/1/users/region</c>, switches to its <c>fleet_api_base_url</c> and retries the call once.
/// Teslemetry: before the first call asks <c>/api/metadata</c> and switches to <c>https://{region}.teslemetry.com</c>.
/// </summary>
/// <remarks>
/// Sits outside the bearer-token handler, so its own region calls are authorised (and counted) like any other.
/// </remarks>
internal sealed partial class TeslaRoutingHandler(TeslaApiHost host, IOptionsMonitor<TeslaOptions> options, ILogger<TeslaRoutingHandler> logger)
    : DelegatingHandler
{
    private const HttpStatusCode MisdirectedRequest = (HttpStatusCode)421;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var provider = options.CurrentValue.Provider;
        if (provider == TeslaProvider.Teslemetry && !host.RegionKnown)
        {
            var failure = await DiscoverTeslemetryRegionAsync(cancellationToken);
            if (failure is not null)
            {
                return failure;
            }
        }

        var usedBase = Retarget(request);
        var response = await base.SendAsync(request, cancellationToken);
        if (provider != TeslaProvider.Fleet || response.StatusCode != MisdirectedRequest || usedBase is null)
        {
            return response;
        }

        if (!await DiscoverFleetRegionAsync(usedBase, cancellationToken))
        {
            return response;
        }

        response.Dispose();
        Retarget(request);
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>Points a client request at the current base; returns that base, or null for a request the client did not tag.</summary>
    private Uri? Retarget(HttpRequestMessage request)
    {
        if (!request.Options.TryGetValue(TeslaRequestOptions.RelativePath, out var relativePath))
        {
            return null;
        }

        var current = host.BaseUri;
        request.RequestUri = new Uri(current, relativePath);
        return current;
    }

    private async Task<bool> DiscoverFleetRegionAsync(Uri usedBase, CancellationToken cancellationToken)
    {
        await host.DiscoveryGate.WaitAsync(cancellationToken);
        try
        {
            if (host.BaseUri != usedBase)
            {
                return true; // a concurrent call already moved us
            }

            using var regionRequest = AccountRequest("api/1/users/region");
            using var response = await base.SendAsync(regionRequest, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogRegionLookupFailed(logger, "users/region", (int)response.StatusCode);
                return false;
            }

            var region = ReadBody(await response.Content.ReadAsByteArrayAsync(cancellationToken), TeslaJsonContext.Default.TeslaUserRegionEnvelopeDto)?.Response;
            var previous = host.BaseUri;
            if (!host.TrySwitch(region?.FleetApiBaseUrl))
            {
                LogUntrustedRegionHost(logger, region?.Region);
                return false;
            }

            if (host.BaseUri == previous)
            {
                return false; // Tesla names the host that just said 421: retrying would loop
            }

            LogRegionSwitched(logger, region?.Region, host.BaseUri.Host);
            return true;
        }
        finally
        {
            host.DiscoveryGate.Release();
        }
    }

    /// <returns>Null when the calls may proceed; otherwise the failed metadata response, which becomes the call's answer (401, 402…).</returns>
    private async Task<HttpResponseMessage?> DiscoverTeslemetryRegionAsync(CancellationToken cancellationToken)
    {
        await host.DiscoveryGate.WaitAsync(cancellationToken);
        try
        {
            if (host.RegionKnown)
            {
                return null;
            }

            var metadataRequest = AccountRequest("api/metadata");
            var response = await base.SendAsync(metadataRequest, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogRegionLookupFailed(logger, "metadata", (int)response.StatusCode);
                return response;
            }

            using (response)
            {
                var metadata = ReadBody(await response.Content.ReadAsByteArrayAsync(cancellationToken), TeslaJsonContext.Default.TeslemetryMetadataDto);
                var template = options.CurrentValue.TeslemetryRegionalBaseUrl;
                if (string.IsNullOrWhiteSpace(metadata?.Region) || string.IsNullOrWhiteSpace(template))
                {
                    host.KeepConfigured();
                    return null;
                }

                var regional = template.Replace("{region}", metadata.Region.ToLowerInvariant(), StringComparison.Ordinal);
                if (host.TrySwitch(regional))
                {
                    LogRegionSwitched(logger, metadata.Region, host.BaseUri.Host);
                }
                else
                {
                    LogUntrustedRegionHost(logger, metadata.Region);
                    host.KeepConfigured();
                }

                return null;
            }
        }
        finally
        {
            host.DiscoveryGate.Release();
        }
    }

    private HttpRequestMessage AccountRequest(string relativePath)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, host.Resolve(relativePath));
        request.Headers.Accept.ParseAdd("application/json");
        request.Options.Set(TeslaRequestOptions.CallKind, TeslaCallKind.Account);
        return request;
    }

    private static T? ReadBody<T>(byte[] body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, typeInfo);
        }
        catch (JsonException)
        {
            return null; // treated as "no region named": keep the configured host
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tesla account is in region {Region}; calls now go to {Host}")]
    private static partial void LogRegionSwitched(ILogger logger, string? region, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tesla region lookup ({Endpoint}) returned HTTP {Status}; keeping the current host")]
    private static partial void LogRegionLookupFailed(ILogger logger, string endpoint, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tesla region {Region} names a host outside the provider's domains; keeping the current host")]
    private static partial void LogUntrustedRegionHost(ILogger logger, string? region);
}
