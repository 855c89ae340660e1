using System.Security.Cryptography;

namespace TeslaSync.AppHost.Hosting;

/// <summary>
/// A private <c>redis-server</c> on a free loopback port, protected by a generated password and
/// without persistence, so every run starts empty and nothing is left on disk.
/// </summary>
public sealed class RedisResource : Resource
{
    // Alphanumeric only: the password sits inside a StackExchange.Redis connection string, where a
    // comma or '=' would split or corrupt it.
    private const string PasswordAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public RedisResource(string name)
        : base(name)
    {
    }

    public string Password { get; } = GeneratePassword();

    internal int? AllocatedPort { get; set; }

    public int Port => AllocatedPort ?? throw new InvalidOperationException($"Redis '{Name}' has no port until the application is built.");

    /// <summary>What Aspire's Redis resource publishes as <c>ConnectionStrings__&lt;name&gt;</c>.</summary>
    public string ConnectionString => $"{ResourceEndpoint.Host}:{Port},password={Password}";

    public static string GeneratePassword() => RandomNumberGenerator.GetString(PasswordAlphabet, 32);

    /// <summary>
    /// Arguments for redis-server: loopback only, no RDB snapshots and no AOF, working files in
    /// <paramref name="dataDirectory"/> (a temp dir deleted at shutdown), log to stdout for the prefixer.
    /// </summary>
    public IReadOnlyList<string> ServerArguments(string dataDirectory) =>
    [
        "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--bind", ResourceEndpoint.Host,
        "--requirepass", Password,
        "--save", string.Empty,
        "--appendonly", "no",
        "--dir", dataDirectory,
        "--daemonize", "no",
        "--logfile", string.Empty,
    ];
}
