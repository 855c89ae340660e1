using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TeslaSync.TestSupport;

/// <summary>
/// A real Mosquitto MQTT broker for one test class: a free loopback port, anonymous access, no
/// persistence, its own generated config file. It never uses a system broker on 1883. It can be
/// stopped and started again on the same port to test reconnects; without persistence a restart
/// forgets retained messages and sessions, as a freshly installed broker would.
/// </summary>
public sealed class MosquittoBroker : LocalServerProcess
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(10);

    private static readonly string[] WellKnownLocations = ["/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/opt/homebrew/sbin/mosquitto"];

    private readonly string _executable;
    private readonly StringBuilder _output = new();

    private MosquittoBroker(string executable, int port)
        : base("mosquitto", port)
    {
        _executable = executable;
    }

    /// <summary>The loopback address the broker listens on.</summary>
    public string Host => "127.0.0.1";

    /// <summary>Everything the broker wrote to stdout and stderr since it was created (all runs), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a broker on a free port and returns once it answers an MQTT CONNECT.</summary>
    public static async Task<MosquittoBroker> StartAsync()
    {
        var broker = new MosquittoBroker(FindExecutable(), FreePort.Next());
        try
        {
            await broker.StartProcessAsync();
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }

        return broker;
    }

    private static string FindExecutable()
    {
        var pathFolders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var candidates = pathFolders.Select(folder => Path.Combine(folder, "mosquitto")).Concat(WellKnownLocations);
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "mosquitto is not installed; these tests need a real MQTT broker. " +
                "install mosquitto: sudo apt-get install mosquitto (the fixture starts its own broker; the system service is not needed).");
    }

    protected override async Task StartProcessAsync()
    {
        var configFile = Path.Combine(WorkDirectory, "mosquitto.conf");
        var port = Port.ToString(CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(configFile, $"""
            # Generated for one test run: loopback only, anonymous, nothing kept on disk.
            listener {port} 127.0.0.1
            allow_anonymous true
            persistence false
            log_dest stdout
            log_type error
            log_type warning
            log_type notice
            log_type information
            connection_messages true

            """);

        var start = new ProcessStartInfo(_executable)
        {
            ArgumentList = { "-c", configFile },
            WorkingDirectory = WorkDirectory,
        };

        Append($"--- starting {_executable} -c {configFile} (port {port})");
        var started = Launch(start, $"mosquitto could not be started from {_executable}; install mosquitto: sudo apt-get install mosquitto.", Append);
        await WaitUntilAnsweringAsync(started);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilAnsweringAsync(Process process)
    {
        var deadline = DateTime.UtcNow + StartPatience;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                throw new InvalidOperationException(
                    $"mosquitto exited with code {process.ExitCode} before it accepted connections on port {Port}. Its output:{Environment.NewLine}{Output}");
            }

            if (await AnswersConnectAsync())
            {
                return;
            }

            await Task.Delay(50);
        }

        await StopAsync();
        throw new TimeoutException(
            $"mosquitto on port {Port} did not accept an MQTT connection within {StartPatience.TotalSeconds:0} s. Its output:{Environment.NewLine}{Output}");
    }

    /// <summary>
    /// Sends a bare MQTT 3.1.1 CONNECT (clean session, empty client id) and expects a CONNACK
    /// accepting it, then disconnects. An open port alone could still be some other program.
    /// </summary>
    private async Task<bool> AnswersConnectAsync()
    {
        byte[] connect =
        [
            0x10, 12, // CONNECT, remaining length
            0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, // protocol name, level 3.1.1
            0x02, // flags: clean session
            0x00, 0x0A, // keep alive 10 s
            0x00, 0x00, // empty client id
        ];
        byte[] disconnect = [0xE0, 0x00];

        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(connect, timeout.Token);
            var connack = new byte[4];
            await stream.ReadExactlyAsync(connack, timeout.Token);
            var accepted = connack[0] == 0x20 && connack[1] == 0x02 && connack[3] == 0x00;
            await stream.WriteAsync(disconnect, timeout.Token);
            return accepted;
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
