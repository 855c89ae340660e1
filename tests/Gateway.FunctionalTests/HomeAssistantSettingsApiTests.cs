using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeslaSync.Gateway.HomeAssistant;

namespace TeslaSync.Gateway.FunctionalTests;

/// <summary>
/// /api/settings/homeassistant: the bridge's broker saved in the Gateway's own database, its password
/// encrypted and never returned, checked field by field, and laid over the bridge's options without a restart.
/// </summary>
public sealed class HomeAssistantSettingsApiTests
{
    private const string Path = "/api/settings/homeassistant";
    private const string MqttPassword = "mqtt-Pa55w0rd-7c41e9";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Valid(string? password = MqttPassword) => new()
    {
        ["broker"] = "homeassistant.local",
        ["port"] = 8883,
        ["username"] = "teslasync",
        ["password"] = password,
        ["discoveryPrefix"] = "ha/discovery",
    };

    [Fact]
    public async Task Get_NothingSavedOrConfigured_IsOffWithTheDefaults()
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = await gateway.CreateSignedInClientAsync();

        var body = await http.GetFromJsonAsync<JsonObject>(Path, Ct);

        Assert.False((bool)body!["enabled"]!);
        Assert.Null(body["broker"]);
        Assert.Null(body["username"]);
        Assert.Equal((1883, false, "homeassistant", "teslasync", "configuration"),
            ((int)body["port"]!, (bool)body["passwordSet"]!, (string?)body["discoveryPrefix"], (string?)body["topicRoot"], (string?)body["source"]));
        var status = body["status"]!;
        Assert.Equal("off", (string?)status["state"]);
        Assert.Null(status["broker"]);
        Assert.Null(status["since"]);
        Assert.Null(status["lastError"]);
    }

    [Fact]
    public async Task Get_ConfiguredBroker_ShowsItWithoutThePassword()
    {
        await using var gateway = GatewayHost.WithFakes(settings: new Dictionary<string, string>
        {
            ["HomeAssistant:Broker"] = "mosquitto", ["HomeAssistant:Password"] = MqttPassword, ["HomeAssistant:TopicRoot"] = "home/battery",
        });
        using var http = await gateway.CreateSignedInClientAsync();

        var text = await http.GetStringAsync(new Uri(Path, UriKind.Relative), Ct);

        var body = JsonNode.Parse(text)!;
        Assert.Equal((true, "mosquitto", true, "home/battery", "configuration"),
            ((bool)body["enabled"]!, (string?)body["broker"], (bool)body["passwordSet"]!, (string?)body["topicRoot"], (string?)body["source"]));
        Assert.DoesNotContain(MqttPassword, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ShowsTheBridgesStatus()
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = await gateway.CreateSignedInClientAsync();
        var since = new DateTimeOffset(2026, 11, 24, 8, 30, 0, TimeSpan.Zero);
        gateway.Services.GetRequiredService<HomeAssistantBridgeStatus>()
            .Set(new HomeAssistantBridgeState(HomeAssistantBridgeState.Failed, "ha.local", since, "Not authorized"));

        var status = (await http.GetFromJsonAsync<JsonObject>(Path, Ct))!["status"]!;

        Assert.Equal(("failed", "ha.local", since, "Not authorized"),
            ((string?)status["state"], (string?)status["broker"], (DateTimeOffset)status["since"]!, (string?)status["lastError"]));
    }

    [Fact]
    public async Task Put_Valid_IsReturnedAndReadBack_WithoutThePassword()
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = await gateway.CreateSignedInClientAsync();

        using var put = await http.PutAsJsonAsync(Path, Valid(), Ct);
        var putText = await put.Content.ReadAsStringAsync(Ct);
        var getText = await http.GetStringAsync(new Uri(Path, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        foreach (var text in new[] { putText, getText })
        {
            Assert.DoesNotContain(MqttPassword, text, StringComparison.Ordinal);
            var body = JsonNode.Parse(text)!;
            Assert.Equal((true, "homeassistant.local", 8883, "teslasync", true, "ha/discovery", "setting"),
                ((bool)body["enabled"]!, (string?)body["broker"], (int)body["port"]!, (string?)body["username"], (bool)body["passwordSet"]!,
                    (string?)body["discoveryPrefix"], (string?)body["source"]));
            Assert.False(body.AsObject().ContainsKey("password"));
        }
    }

    [Fact]
    public async Task Put_PasswordOmittedKeepsIt_EmptyClearsIt()
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = await gateway.CreateSignedInClientAsync();
        var options = gateway.Services.GetRequiredService<IOptionsMonitor<HomeAssistantOptions>>();
        (await http.PutAsJsonAsync(Path, Valid(), Ct)).Dispose();

        var withoutPassword = Valid();
        withoutPassword.Remove("password");
        withoutPassword["port"] = 1884;
        using var kept = await http.PutAsJsonAsync(Path, withoutPassword, Ct);
        var keptBody = await kept.Content.ReadFromJsonAsync<JsonObject>(Ct);
        var keptPassword = options.CurrentValue.Password;
        using var nullKept = await http.PutAsJsonAsync(Path, Valid(password: null), Ct);
        var nullKeptBody = await nullKept.Content.ReadFromJsonAsync<JsonObject>(Ct);
        using var cleared = await http.PutAsJsonAsync(Path, Valid(password: ""), Ct);
        var clearedBody = await cleared.Content.ReadFromJsonAsync<JsonObject>(Ct);

        Assert.Equal((1884, true), ((int)keptBody!["port"]!, (bool)keptBody["passwordSet"]!));
        Assert.Equal(MqttPassword, keptPassword);
        Assert.True((bool)nullKeptBody!["passwordSet"]!);
        Assert.False((bool)clearedBody!["passwordSet"]!);
        Assert.Null(options.CurrentValue.Password);
    }

    [Fact]
    public async Task Put_OmittedPasswordWithNothingSaved_KeepsTheConfiguredOne()
    {
        await using var gateway = GatewayHost.WithFakes(settings: new Dictionary<string, string>
        {
            ["HomeAssistant:Broker"] = "mosquitto", ["HomeAssistant:Password"] = MqttPassword,
        });
        using var http = await gateway.CreateSignedInClientAsync();

        using var put = await http.PutAsJsonAsync(Path, new JsonObject { ["broker"] = "mosquitto", ["port"] = 1884 }, Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var options = gateway.Services.GetRequiredService<IOptionsMonitor<HomeAssistantOptions>>().CurrentValue;
        Assert.Equal(("mosquitto", 1884, MqttPassword, "homeassistant"), (options.Broker, options.Port, options.Password, options.DiscoveryPrefix));
    }

    [Fact]
    public async Task Put_EmptyBroker_TurnsTheBridgeOffEvenWhenConfigurationNamesOne()
    {
        await using var gateway = GatewayHost.WithFakes(settings: new Dictionary<string, string> { ["HomeAssistant:Broker"] = "mosquitto" });
        using var http = await gateway.CreateSignedInClientAsync();

        using var put = await http.PutAsJsonAsync(Path, new JsonObject { ["broker"] = "", ["discoveryPrefix"] = "homeassistant" }, Ct);
        var body = await http.GetFromJsonAsync<JsonObject>(Path, Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal((false, null, "setting"), ((bool)body!["enabled"]!, (string?)body["broker"], (string?)body["source"]));
        Assert.False(gateway.Services.GetRequiredService<IOptionsMonitor<HomeAssistantOptions>>().CurrentValue.Enabled);
    }

    public static TheoryData<string, string, JsonNode?> InvalidFields => new()
    {
        { "broker", "broker", "mqtt://homeassistant.local" },
        { "broker", "broker", "homeassistant.local:1883" },
        { "broker", "broker", "home assistant" },
        { "broker", "broker", "-ha-.local" },
        { "broker", "broker", "ha..local" },
        { "broker", "broker", "ha_mqtt.local" },
        { "broker", "broker", "300.1.1.1" },
        { "broker", "broker", "[::1]" },
        { "broker", "broker", "[::1]:1883" },
        { "broker", "broker", new string('a', 64) + ".b" },
        { "broker", "broker", string.Join('.', Enumerable.Repeat(new string('h', 50), 5)) },
        { "port", "port", 0 },
        { "port", "port", 65536 },
        { "username", "username", new string('u', 257) },
        { "username", "username", "two\nlines" },
        { "password", "password", "two\nlines" },
        { "discoveryPrefix", "discoveryPrefix", "" },
        { "discoveryPrefix", "discoveryPrefix", "/homeassistant" },
        { "discoveryPrefix", "discoveryPrefix", "homeassistant/" },
        { "discoveryPrefix", "discoveryPrefix", "ha/#" },
        { "discoveryPrefix", "discoveryPrefix", "ha/+/x" },
        { "discoveryPrefix", "discoveryPrefix", "home assistant" },
        { "discoveryPrefix", "discoveryPrefix", "ha//x" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Put_InvalidField_Is400NamingItAndSavesNothing(string property, string field, JsonNode? value)
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = await gateway.CreateSignedInClientAsync();
        var body = Valid();
        body[property] = value;

        using var response = await http.PutAsJsonAsync(Path, body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        Assert.Equal([field], errors.Select(e => e.Key));
        Assert.False((bool)(await http.GetFromJsonAsync<JsonObject>(Path, Ct))!["enabled"]!);
    }

    [Theory]
    [InlineData("homeassistant.local")]
    [InlineData("mosquitto")]
    [InlineData("192.168.1.10")]
    [InlineData("fd00::1")]
    [InlineData("core-mosquitto")]
    public async Task Put_HostNameOrAddress_IsAccepted(string broker)
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = await gateway.CreateSignedInClientAsync();
        var body = Valid();
        body["broker"] = broker;

        using var response = await http.PutAsJsonAsync(Path, body, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(broker, (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["broker"]);
    }

    [Fact]
    public async Task Put_NoSettingsOrAPortThatIsNoNumber_Is400()
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = await gateway.CreateSignedInClientAsync();

        using var none = await http.PutAsync(new Uri(Path, UriKind.Relative), new StringContent("null", Encoding.UTF8, "application/json"), Ct);
        var noneErrors = (await none.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        var notNumber = Valid();
        notNumber["port"] = "mqtt";
        using var word = await http.PutAsJsonAsync(Path, notNumber, Ct);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (none.StatusCode, word.StatusCode));
        Assert.Equal(["body"], noneErrors.Select(e => e.Key));
        Assert.Equal("application/problem+json", word.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SignedOut_Is401_AndWithoutTheAntiforgeryToken_NothingIsSaved()
    {
        await using var gateway = GatewayHost.WithFakes();
        using var anonymous = gateway.CreateClient();
        await anonymous.UseAntiforgeryTokenAsync();
        using var signedIn = await gateway.CreateSignedInClientAsync();

        using var get = await anonymous.GetAsync(new Uri(Path, UriKind.Relative), Ct);
        using var put = await anonymous.PutAsJsonAsync(Path, Valid(), Ct);
        using var request = new HttpRequestMessage(HttpMethod.Put, Path) { Content = JsonContent.Create(Valid()) };
        signedIn.DefaultRequestHeaders.Remove(SignedInClient.TokenHeader);
        using var withoutToken = await signedIn.SendAsync(request, Ct);
        await signedIn.UseAntiforgeryTokenAsync();
        var after = await signedIn.GetFromJsonAsync<JsonObject>(Path, Ct);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest),
            (get.StatusCode, put.StatusCode, withoutToken.StatusCode));
        Assert.False((bool)after!["enabled"]!);
        Assert.Null(gateway.Services.GetRequiredService<IOptionsMonitor<HomeAssistantOptions>>().CurrentValue.Broker);
    }

    [Fact]
    public async Task Save_ReachesTheOptionsMonitorAtOnce()
    {
        await using var gateway = GatewayHost.WithFakes(settings: new Dictionary<string, string> { ["HomeAssistant:Broker"] = "configured.local" });
        using var http = await gateway.CreateSignedInClientAsync();
        var monitor = gateway.Services.GetRequiredService<IOptionsMonitor<HomeAssistantOptions>>();
        Assert.Equal("configured.local", monitor.CurrentValue.Broker);
        var changes = new List<HomeAssistantOptions>();
        using var listener = monitor.OnChange(options => changes.Add(options));

        using var put = await http.PutAsJsonAsync(Path, Valid(), Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var current = monitor.CurrentValue;
        Assert.Equal(("homeassistant.local", 8883, "teslasync", MqttPassword, "ha/discovery", "teslasync"),
            (current.Broker, current.Port, current.Username, current.Password, current.DiscoveryPrefix, current.TopicRoot));
        var changed = Assert.Single(changes);
        Assert.Equal("homeassistant.local", changed.Broker);
    }

    [Fact]
    public async Task Saved_SurvivesARestartOnTheSameDataDirectory()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("teslasync-gateway-ha-").FullName;
        var settings = new Dictionary<string, string> { ["Storage:DataDirectory"] = dataDirectory };
        try
        {
            await using (var first = GatewayHost.WithFakes(settings: settings))
            {
                using var http = await first.CreateSignedInClientAsync();
                using var put = await http.PutAsJsonAsync(Path, Valid(), Ct);
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            }

            SqliteConnection.ClearAllPools();
            await using var second = GatewayHost.WithFakes(settings: settings);
            using var again = await second.CreateSignedInClientAsync();
            var body = await again.GetFromJsonAsync<JsonObject>(Path, Ct);
            var options = second.Services.GetRequiredService<IOptionsMonitor<HomeAssistantOptions>>().CurrentValue;

            Assert.Equal(("homeassistant.local", 8883, true, "setting"),
                ((string?)body!["broker"], (int)body["port"]!, (bool)body["passwordSet"]!, (string?)body["source"]));
            Assert.Equal(MqttPassword, options.Password);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task StoredSettings_AreEncryptedInTheDatabase()
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = await gateway.CreateSignedInClientAsync();
        using (var put = await http.PutAsJsonAsync(Path, Valid(), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        string stored;
        await using (var connection = new SqliteConnection($"Data Source={System.IO.Path.Combine(gateway.DataDirectory, "users.db")};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT Protected FROM home_assistant_settings";
            stored = (string)(await command.ExecuteScalarAsync(Ct))!;
        }

        // The row, and every byte of the database and its journal, hold no trace of the password or the broker.
        var files = Directory.GetFiles(gateway.DataDirectory, "users.db*").Select(File.ReadAllBytes).ToList();
        Assert.NotEmpty(stored);
        Assert.DoesNotContain(MqttPassword, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("homeassistant.local", stored, StringComparison.Ordinal);
        foreach (var bytes in files)
        {
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(MqttPassword)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(MqttPassword)));
        }
    }
}
