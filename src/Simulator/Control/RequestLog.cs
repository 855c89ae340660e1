using System.Text.Json.Nodes;

namespace TeslaSync.Simulator.Control;

/// <summary>One Amber REST response as served, for tests to assert on what a client saw.</summary>
public sealed record ServedResponse(DateTimeOffset ServedAt, string Path, string Query, int Status, string Body);

/// <summary>Bounded, thread-safe log of the last <see cref="Capacity"/> Amber REST responses.</summary>
public sealed class AmberRequestLog
{
    public const int Capacity = 200;
    private readonly Lock _gate = new();
    private readonly Queue<ServedResponse> _entries = new();
    private long _total;

    public long Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    public void Add(ServedResponse entry)
    {
        lock (_gate)
        {
            _entries.Enqueue(entry);
            _total++;
            while (_entries.Count > Capacity)
            {
                _entries.Dequeue();
            }
        }
    }

    public IReadOnlyList<ServedResponse> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    /// <summary>A JSON body as a JSON value; anything else (a scripted malformed answer) as a string.</summary>
    private static JsonNode? BodyNode(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(body);
        }
    }

    /// <summary>The log as JSON, bodies embedded as JSON values rather than strings (a body that is not JSON, as a string).</summary>
    public JsonArray ToJson()
    {
        var array = new JsonArray();
        foreach (var e in Snapshot())
        {
            array.Add(new JsonObject
            {
                ["servedAt"] = e.ServedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["path"] = e.Path,
                ["query"] = e.Query,
                ["status"] = e.Status,
                ["body"] = BodyNode(e.Body),
            });
        }

        return array;
    }
}
