using System.Globalization;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TeslaSync.TestSupport;

namespace TeslaSync.SystemBenchmarks;

/// <summary>
/// A minimal OTLP/HTTP collector inside the benchmark: the services export to it
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>) and it keeps
/// every span, so the price updates' traces can be read once the replay is over. Metrics and logs
/// are accepted and dropped, so the exporters do not retry them.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private const string Protobuf = "application/x-protobuf";

    private readonly WebApplication app;
    private readonly List<TraceSpan> spans = [];
    private int exports;

    private OtlpReceiver(WebApplication app, Uri endpoint)
    {
        this.app = app;
        Endpoint = endpoint;
    }

    /// <summary>The base address for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; the exporters add <c>/v1/traces</c> and the like.</summary>
    public Uri Endpoint { get; }

    /// <summary>How many trace exports arrived (one per batch per service).</summary>
    public int Exports => Volatile.Read(ref exports);

    public IReadOnlyList<TraceSpan> Spans
    {
        get
        {
            lock (spans)
            {
                return [.. spans];
            }
        }
    }

    public static async Task<OtlpReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(endpoint.ToString());
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, endpoint);
        app.MapPost("/v1/traces", receiver.ReceiveTracesAsync);
        app.MapPost("/v1/{signal}", () => Results.Bytes([], Protobuf));
        await app.StartAsync(cancellationToken);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }

    private async Task<IResult> ReceiveTracesAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        if (request.Headers.ContentEncoding.ToString() == "gzip") // OTEL_EXPORTER_OTLP_COMPRESSION=gzip, should anyone set it
        {
            await using var unzipped = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
            await unzipped.CopyToAsync(body, request.HttpContext.RequestAborted);
        }
        else
        {
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        }

        var decoded = OtlpTraceDecoder.Decode(body.ToArray());
        lock (spans)
        {
            spans.AddRange(decoded);
        }

        Interlocked.Increment(ref exports);
        // An empty ExportTraceServiceResponse: everything accepted.
        return Results.Bytes([], Protobuf);
    }
}
