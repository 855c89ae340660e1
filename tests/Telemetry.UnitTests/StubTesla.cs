using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Integrations.Tesla;
using TeslaSync.Telemetry.LiveStatus;

namespace TeslaSync.Telemetry.UnitTests;

/// <summary>Answers the real Tesla client's requests: calendar_history with a body (a fixture) or an error; records every request.</summary>
internal sealed class StubTesla : HttpMessageHandler
{
    public const long EnergySiteId = 123456;

    private readonly ConcurrentQueue<Uri> _requests = new();

    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    public string CalendarHistory { get; set; } = """{"response":{"period":"day","time_series":[]}}""";

    /// <summary>How many requests are answered 503 (which the client retries) before the others are answered as above.</summary>
    public int Unavailable { get; set; }

    public IReadOnlyList<Uri> Requests => [.. _requests];

    /// <summary>The real Tesla client on this handler, for the site <see cref="EnergySiteId"/>: no retries unless asked, and no wait before one.</summary>
    public void AddTo(IServiceCollection services, int retries = 0) =>
        services.AddTeslaClient(o =>
        {
            o.AccessToken = "test-token";
            o.Resilience.MaxRetryAttempts = retries;
            o.Resilience.BaseDelay = TimeSpan.Zero;
        }).ConfigurePrimaryHttpMessageHandler(() => this).CountingReads();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(request.RequestUri!);
        if (_requests.Count <= Unavailable)
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            {
                Content = new StringContent("""{"response":null,"error":"unavailable"}""", Encoding.UTF8, "application/json"),
            });
        }

        var body = Status == HttpStatusCode.OK
            ? CalendarHistory
            : """{"response":null,"error":"not_found","error_description":"calendar_history is not served here"}""";
        return Task.FromResult(new HttpResponseMessage(Status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
