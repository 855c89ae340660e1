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
    HttpRequestHeaders Headers);

/// <summary>Serves canned responses (fixture bytes) and records every request; never touches the network.</summary>
internal sealed class FakeHttpHandler : HttpMessageHandler
{
    private readonly Func<HttpResponseMessage> _respond;

    private FakeHttpHandler(Func<HttpResponseMessage> respond) => _respond = respond;

    public List<RecordedRequest> Requests { get; } = [];

    public RecordedRequest SingleRequest => Assert.Single(Requests);

    public static FakeHttpHandler Returning(HttpStatusCode status, byte[]? body = null, Action<HttpResponseMessage>? configure = null) =>
        new(() =>
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
        Requests.Add(new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization,
            body,
            request.Content?.Headers.ContentType?.MediaType,
            request.Headers));
        var response = _respond();
        response.RequestMessage = request;
        return response;
    }
}
