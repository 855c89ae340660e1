using Grpc.Core;

namespace TeslaSync.ServiceTesting;

/// <summary>
/// The base of a test's stand-in for another service's gRPC client: it answers unary calls only,
/// which is all TeslaSync's services make of each other; anything else is a mistake in the test.
/// </summary>
public abstract class UnaryCallInvoker : CallInvoker
{
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException($"{method.FullName}: only asynchronous unary calls are faked.");

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException($"{method.FullName}: streaming calls are not faked.");

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException($"{method.FullName}: streaming calls are not faked.");

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException($"{method.FullName}: streaming calls are not faked.");
}
