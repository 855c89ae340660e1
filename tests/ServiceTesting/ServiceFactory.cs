using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace TeslaSync.ServiceTesting;

/// <summary>
/// One TeslaSync service hosted in the test process on a test server, configured as the
/// launcher would (Redis connection string, data folder, simulator addresses).
/// </summary>
/// <typeparam name="TServiceAssembly">The service's <c>ServiceAssembly</c> marker.</typeparam>
public sealed class ServiceFactory<TServiceAssembly>(
    IReadOnlyDictionary<string, string> settings,
    Action<IServiceCollection>? configureServices = null) : WebApplicationFactory<TServiceAssembly>
    where TServiceAssembly : class
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("teslasync-service-").FullName;

    public string DataDirectory => _dataDirectory;

    /// <summary>A gRPC channel to the service through the test server.</summary>
    public GrpcChannel CreateGrpcChannel() =>
        GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Storage:DataDirectory", _dataDirectory);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; a leftover temp folder is harmless.
        }
    }
}
