using System.Diagnostics;

namespace TeslaSync.EventBus;

/// <summary>The spans the bus records for each publish and each handled delivery.</summary>
public static class EventBusTelemetry
{
    public const string ActivitySourceName = "TeslaSync.EventBus";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    internal static Activity? StartPublish(string eventName, string siteId)
    {
        var activity = Source.StartActivity($"{eventName} publish", ActivityKind.Producer);
        Tag(activity, eventName, siteId, "publish");
        return activity;
    }

    internal static Activity? StartProcess(EventEnvelope envelope)
    {
        // The parent comes from the envelope, not from Activity.Current: the message arrived on
        // Redis's reader thread, which carries no context of the publisher.
        ActivityContext.TryParse(envelope.TraceParent, envelope.TraceState, isRemote: true, out var parent);
        var activity = Source.StartActivity($"{envelope.Type} process", ActivityKind.Consumer, parent);
        Tag(activity, envelope.Type, envelope.SiteId, "process");
        activity?.SetTag("messaging.message.id", envelope.Id.ToString());
        return activity;
    }

    private static void Tag(Activity? activity, string eventName, string siteId, string operation)
    {
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.operation.type", operation);
        activity?.SetTag("messaging.destination.name", EventName.ChannelOf(eventName));
        activity?.SetTag("teslasync.site_id", siteId);
    }
}
