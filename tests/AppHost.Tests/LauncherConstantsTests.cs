using TeslaSync.AppHost.Hosting;

namespace TeslaSync.AppHost.Tests;

public sealed class LauncherConstantsTests
{
    [Fact]
    public void TestHarness_UsesTheLaunchersOwnVariableNames()
    {
        Assert.Equal(EnvironmentContract.ParentPidVariable, AppHostProcess.ParentPidVariable);
        Assert.Equal(StateFile.EnvironmentVariable, AppHostProcess.StateFileVariable);
    }
}
