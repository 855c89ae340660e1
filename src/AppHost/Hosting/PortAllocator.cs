using System.Net;
using System.Net.Sockets;

namespace TeslaSync.AppHost.Hosting;

/// <summary>Gives every endpoint a loopback port when the application is built, before anything starts.</summary>
internal static class PortAllocator
{
    public static void Assign(IEnumerable<Resource> resources)
    {
        var all = resources.ToList();
        var endpoints = all.OfType<ProjectResource>().SelectMany(p => p.Endpoints).ToList();

        // Fixed ports first, so a free port handed out below never equals one the user chose.
        var taken = new HashSet<int>(endpoints.Where(e => e.FixedPort is not null).Select(e => e.FixedPort!.Value));
        foreach (var endpoint in endpoints)
        {
            endpoint.AllocatedPort = endpoint.FixedPort ?? Next(taken);
        }

        foreach (var redis in all.OfType<RedisResource>())
        {
            redis.AllocatedPort = Next(taken);
        }
    }

    /// <summary>
    /// A port the OS reports free on 127.0.0.1. Another process could take it before the service
    /// binds it; that shows up as a clear "did not become healthy" error, never as a silent clash.
    /// </summary>
    public static int Next(ISet<int> taken)
    {
        while (true)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (taken.Add(port))
            {
                return port;
            }
        }
    }

    public static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
