using Microsoft.Extensions.Options;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.Gateway.HomeAssistant;

/// <summary>
/// Keeps a <see cref="HaSession"/> connected while a broker is configured: connects, reconnects after a
/// pause when the broker goes away or refuses, and starts over at once when the settings change.
/// </summary>
internal sealed partial class HomeAssistantBridge(
    IOptionsMonitor<HomeAssistantOptions> options,
    IOptions<SiteOptions> site,
    IServiceScopeFactory scopes,
    HaRefreshSignal refresh,
    HomeAssistantBridgeStatus status,
    TimeProvider time,
    ILogger<HomeAssistantBridge> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using var settingsChanged = new CancellationTokenSource();
            using var listening = options.OnChange(_ => settingsChanged.Cancel());
            using var session = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, settingsChanged.Token);
            var current = options.CurrentValue;
            try
            {
                if (!current.Enabled)
                {
                    status.Set(HomeAssistantBridgeState.Disabled);
                    await Task.Delay(Timeout.InfiniteTimeSpan, time, session.Token);
                }
                else
                {
                    await RunSessionAsync(current, session.Token);
                }
            }
            catch (OperationCanceledException) when (session.IsCancellationRequested)
            {
                // Stopping, or the settings changed: the loop starts over with the new ones.
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                status.Set(new HomeAssistantBridgeState(HomeAssistantBridgeState.Failed, current.Broker, time.GetUtcNow(), exception.Message));
                LogFailed(logger, current.Broker, current.Port, exception.Message, current.ReconnectDelay.TotalSeconds);
                try
                {
                    await Task.Delay(current.ReconnectDelay, time, session.Token);
                }
                catch (OperationCanceledException) when (session.IsCancellationRequested)
                {
                    // Settings changed while waiting: try the new ones now.
                }
            }
        }

        status.Set(HomeAssistantBridgeState.Disabled);
    }

    private async Task RunSessionAsync(HomeAssistantOptions current, CancellationToken cancellationToken)
    {
        status.Set(new HomeAssistantBridgeState(HomeAssistantBridgeState.Connecting, current.Broker, time.GetUtcNow(), null));
        await using var session = new HaSession(current, site.Value.Id, scopes, refresh, time, logger);
        await session.ConnectAsync(cancellationToken);
        status.Set(new HomeAssistantBridgeState(HomeAssistantBridgeState.Connected, current.Broker, time.GetUtcNow(), null));
        LogConnected(logger, current.Broker, current.Port);
        await session.RunAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Home Assistant: connected to the MQTT broker {Broker}:{Port}")]
    private static partial void LogConnected(ILogger logger, string? broker, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Home Assistant: MQTT broker {Broker}:{Port}: {Reason}; trying again in {Seconds} s")]
    private static partial void LogFailed(ILogger logger, string? broker, int port, string reason, double seconds);
}
