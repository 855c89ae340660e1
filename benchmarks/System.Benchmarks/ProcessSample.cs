using System.Globalization;

namespace TeslaSync.SystemBenchmarks;

/// <summary>One process at one instant, as /proc shows it: which part of the system it is, resident memory and CPU used so far.</summary>
internal sealed record ProcessSample(int Id, string Name, long RssKiB, long PeakRssKiB, double CpuSeconds)
{
    /// <summary>Linux reports utime and stime in clock ticks of USER_HZ, which is 100 per second on every Linux ABI .NET runs on.</summary>
    private const double ClockTicksPerSecond = 100;

    public double RssMiB => RssKiB / 1024.0;

    /// <summary>Null when the process has gone (or is a zombie).</summary>
    public static ProcessSample? Read(int processId, string? name = null)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{processId}/status");
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            // Fields after the command name in parentheses (which may hold spaces): state is field 3, utime 14, stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] is "Z" or "X")
            {
                return null;
            }

            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ProcessSample(processId, name ?? NameOf(processId), Kib(status, "VmRSS:"), Kib(status, "VmHWM:"), ticks / ClockTicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// redis-server, or the service a <c>dotnet TeslaSync.&lt;Name&gt;.dll</c> process runs (its
    /// name without the TeslaSync. prefix), or the command line when it is neither.
    /// </summary>
    public static string NameOf(int processId)
    {
        string[] arguments;
        try
        {
            arguments = File.ReadAllText($"/proc/{processId}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"pid {processId}";
        }

        if (arguments.Length == 0)
        {
            return $"pid {processId}";
        }

        if (Path.GetFileName(arguments[0]).StartsWith("redis-server", StringComparison.Ordinal))
        {
            return "redis-server";
        }

        var assembly = arguments.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal));
        if (assembly is not null)
        {
            var name = Path.GetFileNameWithoutExtension(assembly);
            return name.StartsWith("TeslaSync.", StringComparison.Ordinal) ? name["TeslaSync.".Length..] : name;
        }

        return Path.GetFileName(arguments[0]);
    }

    private static long Kib(string[] status, string key)
    {
        var line = status.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        if (line is null)
        {
            return 0;
        }

        var value = line[key.Length..].Trim();
        return long.Parse(value[..value.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
    }
}
