using System.Globalization;
using System.Runtime.InteropServices;

namespace TeslaSync.ServiceTesting;

/// <summary>What /proc says about processes, so tests can prove nothing was left behind.</summary>
public static class ProcessTable
{
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    /// <summary>True while the process exists and is not a zombie (an exited, unreaped child is not running).</summary>
    public static bool IsRunning(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Live processes whose environment holds <c>key=value</c> (every AppHost child carries TESLASYNC_PARENT_PID).</summary>
    public static IReadOnlyList<int> WithEnvironment(string key, string value)
    {
        var needle = $"{key}={value}";
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var processId))
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllText(Path.Combine(directory, "environ"));
                if (environment.Split('\0').Contains(needle) && IsRunning(processId))
                {
                    found.Add(processId);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours to read.
            }
        }

        return found;
    }

    /// <summary>Live direct children of <paramref name="parentId"/> (redis-server rewrites its environment, so look at PPid too).</summary>
    public static IReadOnlyList<int> ChildrenOf(int parentId)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var processId))
            {
                continue;
            }

            try
            {
                var parent = File.ReadLines(Path.Combine(directory, "status"))
                    .FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal))?["PPid:".Length..].Trim();
                if (parent == parentId.ToString(CultureInfo.InvariantCulture) && IsRunning(processId))
                {
                    found.Add(processId);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>
    /// True when this process ignores <paramref name="signal"/> (SigIgn in /proc/self/status). A
    /// child inherits that, and .NET leaves an inherited ignored SIGINT alone, so a child of a test
    /// run started as a background job of a non-interactive shell never sees Ctrl+C.
    /// </summary>
    public static bool IsIgnoredHere(int signal)
    {
        var ignored = File.ReadLines("/proc/self/status")
            .FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))?["SigIgn:".Length..].Trim();
        return ignored is not null
               && ulong.TryParse(ignored, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
               && (mask & (1UL << (signal - 1))) != 0;
    }

    public static void Signal(int processId, int signal)
    {
        if (Kill(processId, signal) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int sig);
}
