using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeslaSync.AppHost.Hosting;

/// <summary>
/// Where everything runs, for end-to-end tests: written once all resources are healthy to the path
/// in <c>TESLASYNC_APPHOST_STATE_FILE</c>, deleted at start and at shutdown so it is never stale.
/// <code>
/// { "resources": { "priceingest": { "pid": 123, "endpoints": { "http": "http://127.0.0.1:5001", "health": "http://127.0.0.1:5002" } } },
///   "redis": { "connectionString": "127.0.0.1:6400,password=..." } }
/// </code>
/// </summary>
public static class StateFile
{
    public const string EnvironmentVariable = "TESLASYNC_APPHOST_STATE_FILE";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject Create(IEnumerable<(Resource Resource, int ProcessId)> running)
    {
        var resources = new JsonObject();
        var state = new JsonObject { ["resources"] = resources };
        foreach (var (resource, processId) in running)
        {
            var endpoints = new JsonObject();
            switch (resource)
            {
                case ProjectResource project:
                    foreach (var endpoint in project.Endpoints)
                    {
                        endpoints[endpoint.Name] = endpoint.Url;
                    }

                    break;
                case RedisResource redis:
                    endpoints["tcp"] = $"tcp://{ResourceEndpoint.Host}:{redis.Port}";

                    // The first (normally only) Redis is the one end-to-end tests talk to.
                    state["redis"] ??= new JsonObject { ["connectionString"] = redis.ConnectionString };
                    break;
            }

            resources[resource.Name] = new JsonObject { ["pid"] = processId, ["endpoints"] = endpoints };
        }

        return state;
    }

    /// <summary>Written to a temp file and renamed, so a reader never sees half a file.</summary>
    public static void Write(string path, JsonObject state)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var temporary = fullPath + ".tmp";
        File.WriteAllText(temporary, state.ToJsonString(Indented));
        File.Move(temporary, fullPath, overwrite: true);
    }

    public static void Delete(string? path)
    {
        if (!string.IsNullOrWhiteSpace(path) && File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
