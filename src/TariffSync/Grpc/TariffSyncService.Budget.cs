using Grpc.Core;
using TeslaSync.Contracts.Common.V1;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Domain.Budget;
using WireBudget = TeslaSync.Contracts.TariffSync.V1.ApiBudget;
using WireCounts = TeslaSync.Contracts.TariffSync.V1.ApiCallCounts;

namespace TeslaSync.TariffSync.Grpc;

/// <summary>The control log and the Tesla API budget.</summary>
internal sealed partial class TariffSyncService
{
    private const int DefaultLogEntries = 50;
    private const int MaxLogEntries = 500;

    public override async Task<GetSyncLogResponse> GetSyncLog(GetSyncLogRequest request, ServerCallContext context)
    {
        var limit = request.Limit switch
        {
            <= 0 => DefaultLogEntries,
            > MaxLogEntries => MaxLogEntries,
            _ => request.Limit,
        };
        var response = new GetSyncLogResponse();
        response.Entries.AddRange((await log.RecentAsync(SiteIdOf(request.SiteId), limit, context.CancellationToken)).Select(ToMessage));
        return response;
    }

    public override async Task<WireBudget> GetApiBudget(GetApiBudgetRequest request, ServerCallContext context)
    {
        var siteId = SiteIdOf(request.SiteId);
        return ToMessage(siteId, await budgets.AssessAsync(siteId, context.CancellationToken));
    }

    public override async Task<WireBudget> ReportApiUsage(ReportApiUsageRequest request, ServerCallContext context)
    {
        var siteId = SiteIdOf(request.SiteId);
        if (request.DataReads < 0 || request.Commands < 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Call counts cannot be negative."));
        }

        if (request.DataReads > 0)
        {
            await budgets.RecordAsync(siteId, TeslaCallKind.DataRead, request.DataReads, context.CancellationToken);
        }

        if (request.Commands > 0)
        {
            await budgets.RecordAsync(siteId, TeslaCallKind.Command, request.Commands, context.CancellationToken);
        }

        return ToMessage(siteId, await budgets.AssessAsync(siteId, context.CancellationToken));
    }

    private static WireBudget ToMessage(string siteId, Domain.Budget.ApiBudget budget) => new()
    {
        SiteId = siteId,
        PriceList = budget.PriceList.Name,
        MonthlyCeiling = DecimalValue.FromDecimal(budget.MonthlyCeiling),
        Today = new WireCounts { DataReads = budget.Today.DataReads, Commands = budget.Today.Commands },
        ThisMonth = new WireCounts { DataReads = budget.ThisMonth.DataReads, Commands = budget.ThisMonth.Commands },
        MonthToDateCost = DecimalValue.FromDecimal(budget.MonthToDateCost),
        ProjectedMonthlyCost = DecimalValue.FromDecimal(budget.ProjectedMonthlyCost),
        Level = budget.Level.ToString().ToLowerInvariant(),
        MinReadIntervalSeconds = (int)budget.PriceList.MinimumReadInterval.TotalSeconds,
    };
}
