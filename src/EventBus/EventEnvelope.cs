using System.Text.Json;

namespace TeslaSync.EventBus;

/// <summary>
/// What travels on the wire: the event as JSON plus the W3C trace context of the publisher, so
/// that one price update is one trace from the service that saw it to every service that acted.
/// </summary>
/// <param name="Id">The event's id (also inside the payload), read without parsing the payload.</param>
/// <param name="Type">The event's name, <see cref="EventName"/>.</param>
/// <param name="SiteId">The site the event is about.</param>
/// <param name="TraceParent">W3C <c>traceparent</c> of the publishing span, if one was recorded.</param>
/// <param name="TraceState">W3C <c>tracestate</c>, if any.</param>
/// <param name="Payload">The event itself.</param>
public sealed record EventEnvelope(
    Guid Id,
    string Type,
    string SiteId,
    string? TraceParent,
    string? TraceState,
    JsonElement Payload);
