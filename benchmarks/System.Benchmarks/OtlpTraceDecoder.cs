using System.Globalization;
using Google.Protobuf;

namespace TeslaSync.SystemBenchmarks;

/// <summary>OTLP's span kinds (<c>Span.SpanKind</c>), with their wire values.</summary>
internal enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

/// <summary>A named instant inside a span (an <c>Activity</c>'s event).</summary>
internal sealed record SpanEvent(string Name, DateTimeOffset Time);

/// <summary>One span as a service exported it: which service, where it sits in its trace, when it ran.</summary>
internal sealed record TraceSpan(
    string Service,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    SpanKind Kind,
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<SpanEvent> Events)
{
    public TimeSpan Duration => End - Start;

    public string Attribute(string key) => Attributes.GetValueOrDefault(key, string.Empty);
}

/// <summary>
/// Reads the few fields the benchmark needs from an OTLP/HTTP trace export (an
/// <c>ExportTraceServiceRequest</c> in protobuf), field by field, skipping everything else. The field
/// numbers are those of the OTLP 1.x wire format (opentelemetry-proto: collector/trace/v1,
/// trace/v1, resource/v1, common/v1), which is stable; no generated code is needed for so few.
/// </summary>
internal static class OtlpTraceDecoder
{
    public static IReadOnlyList<TraceSpan> Decode(byte[] exportTraceServiceRequest)
    {
        var spans = new List<TraceSpan>();
        var request = new CodedInputStream(exportTraceServiceRequest);
        for (var tag = request.ReadTag(); tag != 0; tag = request.ReadTag())
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1) // repeated ResourceSpans resource_spans
            {
                ReadResourceSpans(request.ReadBytes(), spans);
            }
            else
            {
                request.SkipLastField();
            }
        }

        return spans;
    }

    private static void ReadResourceSpans(ByteString bytes, List<TraceSpan> spans)
    {
        var service = string.Empty;
        var scopes = new List<ByteString>();
        var input = bytes.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: // Resource resource
                    service = ReadResourceAttributes(input.ReadBytes()).GetValueOrDefault("service.name", string.Empty);
                    break;
                case 2: // repeated ScopeSpans scope_spans (decoded once the resource is known, whatever the field order)
                    scopes.Add(input.ReadBytes());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        foreach (var scope in scopes)
        {
            ReadScopeSpans(scope, service, spans);
        }
    }

    private static Dictionary<string, string> ReadResourceAttributes(ByteString bytes)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var input = bytes.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1) // repeated KeyValue attributes
            {
                AddKeyValue(input.ReadBytes(), attributes);
            }
            else
            {
                input.SkipLastField();
            }
        }

        return attributes;
    }

    private static void ReadScopeSpans(ByteString bytes, string service, List<TraceSpan> spans)
    {
        var input = bytes.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (WireFormat.GetTagFieldNumber(tag) == 2) // repeated Span spans
            {
                spans.Add(ReadSpan(input.ReadBytes(), service));
            }
            else
            {
                input.SkipLastField();
            }
        }
    }

    private static TraceSpan ReadSpan(ByteString bytes, string service)
    {
        string traceId = string.Empty, spanId = string.Empty, parentSpanId = string.Empty, name = string.Empty;
        var kind = SpanKind.Unspecified;
        ulong start = 0, end = 0;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var events = new List<SpanEvent>();
        var input = bytes.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: traceId = Hex(input.ReadBytes()); break;
                case 2: spanId = Hex(input.ReadBytes()); break;
                case 4: parentSpanId = Hex(input.ReadBytes()); break;
                case 5: name = input.ReadString(); break;
                case 6: kind = (SpanKind)input.ReadEnum(); break;
                case 7: start = input.ReadFixed64(); break; // start_time_unix_nano
                case 8: end = input.ReadFixed64(); break; // end_time_unix_nano
                case 9: AddKeyValue(input.ReadBytes(), attributes); break;
                case 11: events.Add(ReadEvent(input.ReadBytes())); break;
                default: input.SkipLastField(); break;
            }
        }

        return new TraceSpan(service, traceId, spanId, parentSpanId, name, kind, FromUnixNanoseconds(start), FromUnixNanoseconds(end), attributes, events);
    }

    private static SpanEvent ReadEvent(ByteString bytes)
    {
        ulong time = 0;
        var name = string.Empty;
        var input = bytes.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: time = input.ReadFixed64(); break; // time_unix_nano
                case 2: name = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }

        return new SpanEvent(name, FromUnixNanoseconds(time));
    }

    /// <summary>A <c>KeyValue</c> whose <c>AnyValue</c> is a string, bool, int or double; other kinds (arrays, maps, bytes) are not needed here.</summary>
    private static void AddKeyValue(ByteString bytes, Dictionary<string, string> attributes)
    {
        string key = string.Empty, value = string.Empty;
        var input = bytes.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: key = input.ReadString(); break;
                case 2: value = ReadAnyValue(input.ReadBytes()); break;
                default: input.SkipLastField(); break;
            }
        }

        attributes[key] = value;
    }

    private static string ReadAnyValue(ByteString bytes)
    {
        var value = string.Empty;
        var input = bytes.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: value = input.ReadString(); break;
                case 2: value = input.ReadBool() ? "true" : "false"; break;
                case 3: value = input.ReadInt64().ToString(CultureInfo.InvariantCulture); break;
                case 4: value = input.ReadDouble().ToString(CultureInfo.InvariantCulture); break;
                default: input.SkipLastField(); break;
            }
        }

        return value;
    }

    private static string Hex(ByteString id) => Convert.ToHexStringLower(id.Span);

    private static DateTimeOffset FromUnixNanoseconds(ulong nanoseconds) =>
        DateTimeOffset.UnixEpoch + TimeSpan.FromTicks((long)(nanoseconds / 100));
}
