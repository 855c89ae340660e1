using Microsoft.Extensions.Options;
using TeslaSync.GridEvents.Curtailment;
using TeslaSync.GridEvents.DemandWindow;
using TeslaSync.GridEvents.Overrides;
using TeslaSync.GridEvents.Spike;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.GridEvents;

/// <summary>
/// On start, reconciles the persisted state machines with what TariffSync holds (until TariffSync
/// answers once); then checks each every <see cref="GridEventsOptions.CheckEvery"/>.
/// </summary>
internal sealed partial class GridEventsWorker(
    IServiceScopeFactory scopes,
    IOptions<GridEventsOptions> options,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<GridEventsWorker> logger) : BackgroundService
{
    private bool _reconciled;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var spike = scope.ServiceProvider.GetRequiredService<SpikeController>();
                var curtailment = scope.ServiceProvider.GetRequiredService<CurtailmentController>();
                var demandWindow = scope.ServiceProvider.GetRequiredService<DemandWindowController>();
                if (!_reconciled)
                {
                    _reconciled = await ReconcileAsync(scope.ServiceProvider, spike, curtailment, demandWindow, stoppingToken);
                }
                else
                {
                    // Each machine on its own: a failing spike check must not stop curtailment or the demand window.
                    await CheckAsync("spike", spike.TickAsync, stoppingToken);
                    await CheckAsync("curtailment", curtailment.TickAsync, stoppingToken);
                    await CheckAsync("demand window", demandWindow.TickAsync, stoppingToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Never let one bad pass stop the checks: a user must not be left on a spike tariff.
                LogCheckFailed(exception);
            }

            try
            {
                await Task.Delay(options.Value.CheckEvery, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<bool> ReconcileAsync(
        IServiceProvider services, SpikeController spike, CurtailmentController curtailment, DemandWindowController demandWindow, CancellationToken cancellationToken)
    {
        var (held, result) = await services.GetRequiredService<OverridesGateway>().GetAsync(site.Value.Id, cancellationToken);
        if (held is null)
        {
            LogReconcileDeferred(result.Outcome);
            return false;
        }

        // Reconciling is idempotent: if one machine fails, all three are reconciled again at the next check.
        var reconciled = await CheckAsync("spike", ct => spike.ReconcileAsync(held, ct), cancellationToken)
                         & await CheckAsync("curtailment", ct => curtailment.ReconcileAsync(held, ct), cancellationToken)
                         & await CheckAsync("demand window", ct => demandWindow.ReconcileAsync(held, ct), cancellationToken);
        if (reconciled)
        {
            LogReconciled(result.Outcome);
        }

        return reconciled;
    }

    private async Task<bool> CheckAsync(string machine, Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        try
        {
            await check(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogMachineCheckFailed(exception, machine);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Machine} check failed; trying again at the next check")]
    private partial void LogMachineCheckFailed(Exception exception, string machine);

    [LoggerMessage(Level = LogLevel.Error, Message = "Grid event check failed; trying again at the next check")]
    private partial void LogCheckFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot reconcile with TariffSync yet ({Reason}); trying again at the next check")]
    private partial void LogReconcileDeferred(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled the spike, curtailment and demand-window state with TariffSync: {Held}")]
    private partial void LogReconciled(string held);
}
