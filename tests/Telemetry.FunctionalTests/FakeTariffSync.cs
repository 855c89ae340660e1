using Grpc.Core;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.ServiceTesting;

namespace TeslaSync.Telemetry.FunctionalTests;

/// <summary>
/// Stands in for TariffSync in-process, for a long simulated run where the real one's API budget would
/// (rightly) slow sampling down: hands over the simulator's token, counts the reads Telemetry reports,
/// and has uploaded no tariff yet (so it cannot tell the site's zone).
/// </summary>
public sealed class FakeTariffSync : UnaryCallInvoker
{
    private long _reads;

    public long ReportedReads => Interlocked.Read(ref _reads);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Task<TResponse> response = request switch
        {
            ReportApiUsageRequest report => Answer<TResponse>(Report(report)),
            GetTeslaAccessRequest => Answer<TResponse>(new TeslaAccess { AccessToken = SimulatorServer.TeslaToken }),
            GetCurrentTariffRequest => Task.FromException<TResponse>(new RpcException(new Status(StatusCode.NotFound, "No tariff has been uploaded yet."))),
            _ => Task.FromException<TResponse>(new RpcException(new Status(StatusCode.Unimplemented, method.FullName))),
        };
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    private static Task<TResponse> Answer<TResponse>(object message) => Task.FromResult((TResponse)message);

    private ApiBudget Report(ReportApiUsageRequest report)
    {
        Interlocked.Add(ref _reads, report.DataReads);
        return new ApiBudget { SiteId = report.SiteId, Level = "normal", MinReadIntervalSeconds = 0 };
    }
}
