using TeslaSync.AppHost.Hosting;

namespace TeslaSync.AppHost.Tests;

public sealed class AppHostMetadataTests
{
    private static readonly string[] ServiceProjects = ["Simulator", "PriceIngest", "TariffSync", "GridEvents", "Telemetry", "Gateway"];

    private static AppHostMetadata AppHost => AppHostMetadata.FromAssembly(typeof(ResourceNames).Assembly);

    [Fact]
    public void FromAssembly_AppHost_PointsAtThisCheckout()
    {
        var metadata = AppHost;

        Assert.Equal(RepositoryRoot.Path, metadata.RepositoryRoot);
        Assert.Equal(Path.Combine(RepositoryRoot.Path, "src", "AppHost"), metadata.ProjectDirectory);
#if DEBUG
        Assert.Equal("Debug", metadata.Configuration);
#else
        Assert.Equal("Release", metadata.Configuration);
#endif
    }

    [Fact]
    public void FromAssembly_EveryProject_PointsAtAnExistingProjectFileAndItsBuildOutput()
    {
        var metadata = AppHost;

        Assert.NotEmpty(metadata.Projects);
        foreach (var project in metadata.Projects)
        {
            Assert.True(File.Exists(project.ProjectPath), $"{project.ProjectPath} does not exist.");
            Assert.StartsWith(RepositoryRoot.Path + Path.DirectorySeparatorChar, project.ProjectPath, StringComparison.Ordinal);
            var name = Path.GetFileNameWithoutExtension(project.ProjectPath);
            Assert.Equal($"TeslaSync.{name}.dll", Path.GetFileName(project.TargetPath));
            Assert.Contains($"{Path.DirectorySeparatorChar}{metadata.Configuration}{Path.DirectorySeparatorChar}", project.TargetPath, StringComparison.Ordinal);
            Assert.True(File.Exists(project.TargetPath), $"{project.TargetPath} was not built with the AppHost.");
        }
    }

    [Fact]
    public void FromAssembly_EveryServiceProjectInTheRepository_IsBuiltWithTheAppHost()
    {
        var metadata = AppHost;

        foreach (var name in ServiceProjects)
        {
            var projectPath = Path.Combine(RepositoryRoot.Path, "src", name, $"{name}.csproj");
            if (File.Exists(projectPath))
            {
                Assert.True(metadata.Find($"../{name}/{name}.csproj") is not null, $"{projectPath} exists but is not an AppHostProject of src/AppHost.");
            }
        }
    }

    [Fact]
    public void FromAssembly_TestAssembly_FindsTheTestAppsItBuilt()
    {
        var metadata = AppHostMetadata.FromAssembly(typeof(AppHostMetadataTests).Assembly);

        foreach (var path in new[] { "TestApps/TestAppHost/TestAppHost.csproj", "TestApps/TestWebApp/TestWebApp.csproj" })
        {
            var project = metadata.Find(path);
            Assert.NotNull(project);
            Assert.True(File.Exists(project.TargetPath), project.TargetPath);
        }
    }
}
