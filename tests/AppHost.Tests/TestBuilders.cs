using TeslaSync.AppHost.Hosting;

namespace TeslaSync.AppHost.Tests;

/// <summary>Builders for in-process tests: the AppHost's own metadata, so relative paths resolve as in Program.cs.</summary>
internal static class TestBuilders
{
    public static readonly LaunchSettings Settings = new("Development", OtlpEndpoint: null, ParentProcessId: 4242, DataRoot: "/data");

    public static DistributedApplicationBuilder ForAppHost(params string[] args) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = args,
            AppHostAssembly = typeof(ResourceNames).Assembly,
        });
}
