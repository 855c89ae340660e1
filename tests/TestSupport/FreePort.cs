using System.Net;
using System.Net.Sockets;

namespace TeslaSync.TestSupport;

/// <summary>
/// Loopback TCP ports for servers the tests start. A port is free when handed out, but a server binds it a
/// moment later, perhaps in another process; in between the kernel may give it to any outgoing connection
/// as its local port if it lies in the ephemeral range (32768–60999 on Linux), which made a service fail
/// with "address already in use" now and then. So ports come from below that range, each at most once per
/// test process, starting at a random point so that test assemblies running side by side rarely meet.
/// </summary>
public static class FreePort
{
    private const int RangeSize = 10_000;
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> HandedOut = [];
    private static readonly (int First, int Last) Range = ChooseRange();
    private static int _next = Range.First + Random.Shared.Next(RangeSize);

    public static int Next()
    {
        lock (Gate)
        {
            for (var tried = 0; tried < RangeSize; tried++)
            {
                var port = _next;
                _next = _next >= Range.Last ? Range.First : _next + 1;
                if (HandedOut.Add(port) && IsFree(port))
                {
                    return port;
                }
            }
        }

        // Everything below the ephemeral range is taken: let the kernel choose, as before.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The <see cref="RangeSize"/> ports just below the kernel's ephemeral range.</summary>
    private static (int First, int Last) ChooseRange()
    {
        var ephemeralStart = 32768;
        try
        {
            var configured = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (configured.Length == 2 && int.TryParse(configured[0], out var start) && start > RangeSize + 1024)
            {
                ephemeralStart = start;
            }
        }
        catch (IOException)
        {
            // Not Linux: the default split is a good guess.
        }
        catch (UnauthorizedAccessException)
        {
            // Not readable here: the default split is a good guess.
        }

        return (ephemeralStart - RangeSize, ephemeralStart - 1);
    }
}
