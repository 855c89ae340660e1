using System.Runtime.InteropServices;

namespace TeslaSync.AppHost.Hosting;

/// <summary>
/// The <c>dotnet</c> muxer that runs services as <c>dotnet &lt;TargetPath&gt;</c>: the one running us when
/// we were started that way, else the one next to the runtime we run on (under <c>dotnet run</c> we are
/// our apphost executable), else whatever <c>dotnet</c> is on PATH.
/// </summary>
internal static class DotNetHost
{
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        var processPath = Environment.ProcessPath;
        if (processPath is not null && System.IO.Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            return processPath;
        }

        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        // <dotnet root>/shared/Microsoft.NETCore.App/<version>/
        var root = System.IO.Path.GetFullPath(System.IO.Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = System.IO.Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }
}
