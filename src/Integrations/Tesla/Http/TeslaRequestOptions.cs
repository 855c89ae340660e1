using TeslaSync.Domain.Budget;

namespace TeslaSync.Integrations.Tesla.Http;

/// <summary>
/// Facts the client attaches to every Tesla <see cref="HttpRequestMessage"/> (<see cref="HttpRequestMessage.Options"/>),
/// so a <see cref="DelegatingHandler"/> added after <c>AddTeslaClient</c> can count calls without parsing URLs.
/// </summary>
/// <example>
/// <code>
/// sealed class TeslaBudgetHandler(Budget budget) : DelegatingHandler
/// {
///     protected override Task&lt;HttpResponseMessage&gt; SendAsync(HttpRequestMessage request, CancellationToken ct)
///     {
///         request.Options.TryGetValue(TeslaRequestOptions.CallKind, out var kind);
///         request.Options.TryGetValue(TeslaRequestOptions.EnergySiteId, out var siteId);
///         budget.Count(kind, siteId);   // or throw to refuse a call over budget
///         return base.SendAsync(request, ct);
///     }
/// }
/// services.AddTransient&lt;TeslaBudgetHandler&gt;();
/// services.AddTeslaClient(configuration).AddHttpMessageHandler&lt;TeslaBudgetHandler&gt;();
/// </code>
/// </example>
public static class TeslaRequestOptions
{
    public static readonly HttpRequestOptionsKey<TeslaCallKind> CallKind = new("TeslaSync.Tesla.CallKind");

    /// <summary>The energy site in the path; absent for account-level calls (products, region, metadata).</summary>
    public static readonly HttpRequestOptionsKey<long> EnergySiteId = new("TeslaSync.Tesla.EnergySiteId");

    /// <summary>The path and query relative to the API base (e.g. <c>api/1/products</c>), so the region logic can re-target the call.</summary>
    internal static readonly HttpRequestOptionsKey<string> RelativePath = new("TeslaSync.Tesla.RelativePath");
}
