using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;

/// <summary>
/// Redis, PriceIngest, Telemetry and the Gateway as real processes on a copy of the seeded data, every
/// clock held at the seeded "now", and a client signed in to the Gateway as the owner. TariffSync and
/// GridEvents are not started (the Gateway copes); Amber and Tesla point at a closed port, so nothing
/// new arrives while the queries run.
/// </summary>
internal sealed class GatewaySystem : IAsyncDisposable
{
    private const string UserName = "owner";
    private const string Password = "correct horse battery staple";
    private const string TokenHeader = "X-XSRF-TOKEN";

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("teslasync-data-bench-run-");
    private RedisServer? _redis;
    private HttpClient? _http;

    public ServiceProcess PriceIngest { get; } = ServiceProcess.Create("PriceIngest");

    public ServiceProcess Telemetry { get; } = ServiceProcess.Create("Telemetry");

    public ServiceProcess Gateway { get; } = ServiceProcess.Create("Gateway");

    public string Logs => string.Join("\n\n", new[] { PriceIngest, Telemetry, Gateway }.Select(s => $"== {s.Name} ==\n{Tail(s.Output)}"));

    public async Task StartAsync(DataSet.Folders seeded, DateTimeOffset now)
    {
        // A copy, so what the services do while running (retention passes, migrations) never changes the cached year.
        Copy(seeded.PriceIngest, Path.Combine(_data.FullName, "priceingest"));
        Copy(seeded.Telemetry, Path.Combine(_data.FullName, "telemetry"));
        _redis = await RedisServer.StartAsync();
        var closed = $"http://127.0.0.1:{FreePort.Next()}";
        var common = new Dictionary<string, string>
        {
            ["ConnectionStrings__redis"] = _redis.ConnectionString,
            ["Clock__Start"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["Clock__Anchor"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["Clock__Speed"] = "1",
            ["Site__TimeZone"] = DataSet.TimeZone,
            ["Amber__BaseUrl"] = closed,
            ["Amber__WebSocketUrl"] = closed.Replace("http", "ws", StringComparison.Ordinal),
            ["Aemo__BaseUrl"] = closed,
            ["Aemo__NemWebBaseUrl"] = closed,
            ["Tesla__BaseUrl"] = closed,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__TeslaSync"] = "Information",
        };
        var unreachable = new Dictionary<string, string>();
        foreach (var service in new[] { "tariffsync", "gridevents" })
        {
            unreachable[$"services__{service}__http__0"] = $"http://127.0.0.1:{FreePort.Next()}";
            unreachable[$"services__{service}__health__0"] = $"http://127.0.0.1:{FreePort.Next()}";
        }

        var patience = TimeSpan.FromSeconds(120);
        await Task.WhenAll(
            PriceIngest.StartAsync(With(common, PriceIngest), patience),
            Telemetry.StartAsync(With(common, Telemetry, PriceIngest.Discovery, unreachable), patience));
        await Gateway.StartAsync(With(common, Gateway, PriceIngest.Discovery, Telemetry.Discovery, unreachable), patience);
        _http = await SignInAsync(new Uri(Gateway.HttpUrl));
    }

    /// <summary>Warms the query up, then times <paramref name="runs"/> of it; each answer must be 200 with data in it.</summary>
    public async Task TimeAsync(string name, int runs, string path, string? listProperty, bool summary = true)
    {
        var http = _http ?? throw new InvalidOperationException("Not started.");
        var result = string.Empty;
        for (var i = 0; i < Math.Max(3, runs / 10); i++)
        {
            result = await GetCheckedAsync(http, path, listProperty);
        }

        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await GetCheckedAsync(http, path, listProperty);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        var median = times[times.Count / 2];
        var p95 = times[(int)Math.Ceiling(times.Count * 0.95) - 1];
        var max = times[^1];
        Console.WriteLine($"{name,-44} {result,14} {median,10:F2} {p95,8:F2} {max,8:F2}");
        if (summary)
        {
            Summary.Line($"{name} (median)", median, "ms");
            Summary.Line($"{name} (p95)", p95, "ms");
            Summary.Line($"{name} (max)", max, "ms");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        await Task.WhenAll(Gateway.DisposeAsync().AsTask(), Telemetry.DisposeAsync().AsTask(), PriceIngest.DisposeAsync().AsTask());
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The body of a 200 answer, read whole (as the browser would), and a short description of it.</summary>
    private static async Task<string> GetCheckedAsync(HttpClient http, string path, string? listProperty)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || body.Length == 0)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body}");
        }

        var json = JsonNode.Parse(body)!;
        if (listProperty is not null)
        {
            var count = json[listProperty]?.AsArray().Count ?? 0;
            return count > 0 ? $"{count} {listProperty}" : throw new InvalidOperationException($"GET {path} answered with no {listProperty}: {body}");
        }

        var home = json["energy"]?["homeWh"]?.GetValue<double>() ?? 0;
        var covered = json["coveredSeconds"]?.GetValue<double>() ?? 0;
        return home > 0 && covered > 0
            ? $"{home / 1000:F0} kWh home"
            : throw new InvalidOperationException($"GET {path} answered with no energy: {body}");
    }

    /// <summary>Sets up the single user (which signs it in) as the browser does: anti-forgery token first, a fresh one once signed in.</summary>
    private static async Task<HttpClient> SignInAsync(Uri gateway)
    {
        // The services' "http" endpoint speaks HTTP/2 only (as ServiceProcess configures it): h2c with prior knowledge.
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = gateway,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(60),
        };
        try
        {
            await UseAntiforgeryTokenAsync(http);
            using (var setup = await http.PostAsJsonAsync("/api/auth/setup", new { userName = UserName, password = Password }))
            {
                await EnsureNoContentAsync(setup, "set up the user");
            }

            // Setting up signs the new user in; the token is bound to the user, so the one from before no longer passes.
            await UseAntiforgeryTokenAsync(http);
            return http;
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    private static async Task UseAntiforgeryTokenAsync(HttpClient http)
    {
        var body = await http.GetFromJsonAsync<JsonObject>("/api/auth/antiforgery");
        var token = (string?)body?["token"] ?? throw new InvalidOperationException($"No anti-forgery token in {body?.ToJsonString()}");
        http.DefaultRequestHeaders.Remove(TokenHeader);
        http.DefaultRequestHeaders.Add(TokenHeader, token);
    }

    private static async Task EnsureNoContentAsync(HttpResponseMessage response, string what)
    {
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"Could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private Dictionary<string, string> With(Dictionary<string, string> common, ServiceProcess service, params IReadOnlyDictionary<string, string>[] more)
    {
        var environment = new Dictionary<string, string>(common) { ["Storage__DataDirectory"] = Path.Combine(_data.FullName, service.Name) };
        foreach (var (key, value) in more.SelectMany(m => m))
        {
            environment[key] = value;
        }

        return environment;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private static string Tail(string output)
    {
        var lines = output.Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 40)));
    }
}
