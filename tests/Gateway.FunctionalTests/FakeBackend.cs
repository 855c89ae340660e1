using Grpc.Core;
using TeslaSync.ServiceTesting;

namespace TeslaSync.Gateway.FunctionalTests;

/// <summary>
/// A gRPC service stand-in behind a generated client: answers each method with a known response
/// (or a known failure) and records the requests, so a test can check the REST mapping both ways.
/// </summary>
internal sealed class FakeBackend : UnaryCallInvoker
{
    private readonly Dictionary<string, Func<object, object>> _answers = new(StringComparer.Ordinal);
    private readonly List<object> _requests = [];
    private readonly Lock _gate = new();

    /// <summary>The requests so far (a copy: the Home Assistant bridge calls from its own thread while a test reads).</summary>
    public IReadOnlyList<object> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Every call fails with this status when set.</summary>
    public StatusCode? FailWith { get; set; }

    public FakeBackend Answer<TRequest, TResponse>(string method, Func<TRequest, TResponse> answer)
        where TRequest : class
        where TResponse : class
    {
        lock (_gate)
        {
            _answers[method] = request => answer((TRequest)request);
        }

        return this;
    }

    public TRequest Single<TRequest>() => Assert.Single(Requests.OfType<TRequest>());

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Func<object, object>? answer;
        lock (_gate)
        {
            _requests.Add(request);
            _answers.TryGetValue(method.Name, out answer);
        }

        var response = FailWith is { } status
            ? Task.FromException<TResponse>(new RpcException(new Grpc.Core.Status(status, $"{method.Name} refused: {status}.")))
            : answer is not null
                ? Task.FromResult((TResponse)answer(request))
                : Task.FromException<TResponse>(new RpcException(new Grpc.Core.Status(StatusCode.Unimplemented, method.Name)));
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Grpc.Core.Status.DefaultSuccess, () => [], () => { });
    }
}
