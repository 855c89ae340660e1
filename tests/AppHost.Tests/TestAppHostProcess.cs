using TeslaSync.AppHost.Hosting;

namespace TeslaSync.AppHost.Tests;

/// <summary>Starts TestApps/TestAppHost, which builds a launcher for one named scenario.</summary>
internal static class TestAppHostProcess
{
    public static AppHostProcess Start(string scenario, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        var testAppHost = AppHostMetadata.FromAssembly(typeof(TestAppHostProcess).Assembly).Find("TestApps/TestAppHost/TestAppHost.csproj")
            ?? throw new InvalidOperationException("TestAppHost was not built with the tests.");
        return AppHostProcess.Start(testAppHost.TargetPath, environment, [$"--Scenario={scenario}", .. arguments]);
    }
}
