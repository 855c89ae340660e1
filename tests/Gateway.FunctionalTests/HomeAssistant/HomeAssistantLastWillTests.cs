using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;

namespace TeslaSync.Gateway.FunctionalTests.HomeAssistant;

/// <summary>The Gateway as a real process that dies without a word: the broker's last will marks the entities unavailable.</summary>
public sealed class HomeAssistantLastWillTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GatewayKilled_TheBrokerMarksEveryEntityUnavailable_AndARestartBringsThemBack()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var data = Directory.CreateTempSubdirectory("teslasync-gateway-");
        try
        {
            await KillAndRestartAsync(broker, data.FullName);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static async Task KillAndRestartAsync(MosquittoBroker broker, string dataDirectory)
    {
        await using var gateway = ServiceProcess.Create("Gateway");
        var environment = new Dictionary<string, string>
        {
            ["HomeAssistant__Broker"] = broker.Host,
            ["HomeAssistant__Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Storage__DataDirectory"] = dataDirectory,
        };
        foreach (var (key, value) in GatewayHost.UnreachableServices())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port, "teslasync/home/availability");
        await gateway.StartAsync(environment);
        await probe.WaitForAsync(m => m.Payload == "online", Patience);

        gateway.Kill();
        var offline = await probe.WaitForAsync(m => m.Payload == "offline", Patience);
        Assert.True(offline.Retain);

        probe.Clear();
        await gateway.RestartAsync();
        await probe.WaitForAsync(m => m.Payload == "online", Patience);
    }
}
