using System.Runtime.InteropServices;

namespace TeslaSync.AppHost.Hosting;

/// <summary>
/// .NET can kill a process but not ask it to stop: SIGTERM comes from libc. ASP.NET Core and
/// redis-server both shut down gracefully on SIGTERM.
/// </summary>
internal static class Posix
{
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    public static bool SendSignal(int processId, int signal) => Kill(processId, signal) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int sig);
}
