using System.Net;
using System.Net.Http.Headers;

namespace TeslaSync.Integrations.UnitTests.Support;

/// <summary>What the client sent, captured before the request is disposed.</summary>
internal sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    AuthenticationHeaderValue? Authorization,
    string? Body,
    string? ContentType,
    HttpRequestHeaders Headers,
    IReadOnlyDictionary<string, object?> Options);

/// <summary>Serves canned responses (fixture bytes) and records every request; never touches the network.</summary>
internal sealed class FakeHttpHandler : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, Task<HttpResponseMessage>> _respond;
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];

    private FakeHttpHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) => _respond = r => Task.FromResult(respond(r));

    private FakeHttpHandler(Func<HttpRequestMessage, Task<HttpResponseMessage>> respond) => _respond = respond;

    /// <summary>A snapshot; requests may arrive concurrently.</summary>
    public List<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public RecordedRequest SingleRequest => Assert.Single(Requests);

    /// <summary>Answers each request with whatever <paramref name="respond"/> builds from it.</summary>
    public static FakeHttpHandler Responding(Func<HttpRequestMessage, HttpResponseMessage> respond) => new(respond);

    /// <summary>Answers asynchronously, e.g. only once a test lets it.</summary>
    public static FakeHttpHandler RespondingAsync(Func<HttpRequestMessage, Task<HttpResponseMessage>> respond) => new(respond);

    /// <summary>Answers the n-th request with the n-th response; the last one repeats.</summary>
    public static FakeHttpHandler Sequence(params Func<HttpResponseMessage>[] responses)
    {
        var next = 0;
        return new(_ => responses[Math.Min(Interlocked.Increment(ref next) - 1, responses.Length - 1)]());
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string body, Action<HttpResponseMessage>? configure = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        configure?.Invoke(response);
        return response;
    }

    public static FakeHttpHandler Returning(HttpStatusCode status, byte[]? body = null, Action<HttpResponseMessage>? configure = null) =>
        new(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(body ?? []) };
            if (body is { Length: > 0 })
            {
                response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            configure?.Invoke(response);
            return response;
        });

    public static FakeHttpHandler Returning(HttpStatusCode status, string body, Action<HttpResponseMessage>? configure = null) =>
        Returning(status, System.Text.Encoding.UTF8.GetBytes(body), configure);

    public static FakeHttpHandler ReturningFixture(string area, string file, Action<HttpResponseMessage>? configure = null) =>
        Returning(HttpStatusCode.OK, File.ReadAllBytes(SharedFolder.Fixture(area, file)), configure);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization,
            body,
            request.Content?.Headers.ContentType?.MediaType,
            request.Headers,
            new Dictionary<string, object?>(request.Options));
        lock (_gate)
        {
            _requests.Add(recorded);
        }

        var response = await _respond(request);
        response.RequestMessage = request;
        return response;
    }
}
