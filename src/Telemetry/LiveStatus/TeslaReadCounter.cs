using TeslaSync.Domain.Budget;
using TeslaSync.Integrations.Tesla.Http;

namespace TeslaSync.Telemetry.LiveStatus;

/// <summary>
/// Counts every Tesla request Telemetry sends, retries included (Tesla bills each attempt), for
/// <see cref="ApiUsageReporter"/> to report to TariffSync. Sits innermost in the Tesla client's pipeline,
/// inside the retries, and counts an attempt as it goes out, whether or not an answer comes back.
/// </summary>
internal sealed class TeslaReadCounter(ApiUsageReporter usage) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var kind = request.Options.TryGetValue(TeslaRequestOptions.CallKind, out var marked)
            ? marked
            : request.Method == HttpMethod.Get ? TeslaCallKind.DataRead : TeslaCallKind.Command;
        // Telemetry only reads; the client's own region and metadata look-ups are billed as reads too.
        if (kind != TeslaCallKind.Command)
        {
            usage.Counted(1);
        }

        return base.SendAsync(request, cancellationToken);
    }
}

public static class TeslaReadCounterExtensions
{
    /// <summary>Counts the Tesla client's requests for the API budget (<see cref="TeslaReadCounter"/>); call right after <c>AddTeslaClient</c>.</summary>
    public static IHttpClientBuilder CountingReads(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddTransient<TeslaReadCounter>();
        return builder.AddHttpMessageHandler<TeslaReadCounter>();
    }
}
