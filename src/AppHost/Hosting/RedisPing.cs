using System.Net.Sockets;
using System.Text;

namespace TeslaSync.AppHost.Hosting;

/// <summary>Redis answered with an error (e.g. -WRONGPASS) where we expected success.</summary>
public sealed class RedisReplyException : Exception
{
    public RedisReplyException()
    {
    }

    public RedisReplyException(string message)
        : base(message)
    {
    }

    public RedisReplyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The smallest Redis client that answers "is it up?": AUTH + PING in RESP over one TCP connection.
/// The AppHost needs nothing more, so it does not depend on StackExchange.Redis.
/// </summary>
public static class RedisPing
{
    /// <summary>Returns the PING reply ("PONG"); throws <see cref="RedisReplyException"/> on an error reply.</summary>
    public static async Task<string> PingAsync(string host, int port, string? password, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, cancellationToken);
        var stream = client.GetStream();

        var request = new StringBuilder();
        if (password is not null)
        {
            AppendCommand(request, "AUTH", password);
        }

        AppendCommand(request, "PING");
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellationToken);

        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        if (password is not null)
        {
            var auth = await reader.ReadLineAsync(cancellationToken);
            if (auth != "+OK")
            {
                throw new RedisReplyException($"Redis replied {auth ?? "nothing"} to AUTH.");
            }
        }

        var pong = await reader.ReadLineAsync(cancellationToken);
        return pong is not null && pong.StartsWith('+') ? pong[1..] : throw new RedisReplyException($"Redis replied {pong ?? "nothing"} to PING.");
    }

    private static void AppendCommand(StringBuilder request, params string[] parts)
    {
        request.Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }
    }
}
