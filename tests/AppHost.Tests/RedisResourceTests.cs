using TeslaSync.AppHost.Hosting;

namespace TeslaSync.AppHost.Tests;

/// <summary>The Redis resource through the launcher, in-process: a real redis-server.</summary>
public sealed class RedisResourceTests
{
    [Fact]
    public async Task StartAsync_RedisOnly_AnswersPingWithPasswordAndLeavesNothingAfterStop()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { AppHostAssembly = typeof(RedisResourceTests).Assembly });
        var redis = builder.AddRedis(ResourceNames.Redis).Resource;
        await using var app = builder.Build();

        await app.StartAsync(cancellationToken);
        var processId = app.GetProcessId(ResourceNames.Redis)!.Value;
        var directory = new DirectoryInfo($"/proc/{processId}/cwd").LinkTarget!;

        Assert.Equal("PONG", await RedisPing.PingAsync("127.0.0.1", redis.Port, redis.Password, cancellationToken));
        var wrongPassword = await Assert.ThrowsAsync<RedisReplyException>(() => RedisPing.PingAsync("127.0.0.1", redis.Port, "wrong", cancellationToken));
        Assert.Contains("WRONGPASS", wrongPassword.Message, StringComparison.Ordinal);
        Assert.StartsWith("teslasync-redis-", Path.GetFileName(directory), StringComparison.Ordinal);
        Assert.True(ProcessTable.IsRunning(processId));

        await app.StopAsync();

        Assert.False(ProcessTable.IsRunning(processId), $"redis-server (pid {processId}) is still running.");
        Assert.False(Directory.Exists(directory), $"{directory} was not deleted.");
    }
}
