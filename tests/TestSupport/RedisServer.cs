using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TeslaSync.TestSupport;

/// <summary>
/// A real <c>redis-server</c> for one test class: a free loopback port, a password, no
/// persistence. It can be stopped and started again on the same port to test recovery.
/// </summary>
public sealed class RedisServer : LocalServerProcess
{
    private RedisServer(int port, string password)
        : base("redis", port)
    {
        Password = password;
    }

    public string Password { get; }

    /// <summary>A StackExchange.Redis configuration string, as the launcher passes in <c>ConnectionStrings__redis</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},password={Password}";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort.Next(), Guid.NewGuid().ToString("N"));
        await server.StartProcessAsync();
        return server;
    }

    protected override async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList =
            {
                "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1",
                "--requirepass", Password,
                "--save", string.Empty,
                "--appendonly", "no",
                "--dir", WorkDirectory,
            },
        };
        Launch(start, "redis-server is not installed; these tests need a real Redis (sudo apt-get install redis-server, or run .ci/run).", _ => { });
        await WaitUntilAnsweringAsync();
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (await PingAsync())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server on port {Port} did not answer within 10 s.");
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"AUTH {Password}\r\nPING\r\n"));
            var buffer = new byte[64];
            var received = new StringBuilder();
            while (!received.ToString().Contains("PONG", StringComparison.Ordinal))
            {
                var count = await stream.ReadAsync(buffer);
                if (count == 0)
                {
                    return false;
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, count));
            }

            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
