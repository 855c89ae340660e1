using System.Text.RegularExpressions;

namespace TeslaSync.Simulator.Control;

/// <summary>A scripted misbehaviour that knows which requests it applies to.</summary>
public interface IScriptedFault
{
    bool Matches(string method, string path);
}

/// <summary>
/// Scripted faults, first-in first-out; each is served once, to the first request it matches. Shared by the Tesla
/// (<c>/sim/tesla/faults</c>) and Amber (<c>/sim/amber/faults</c>) doubles: "429 then 200" is one queued fault.
/// </summary>
public class FaultQueue<TFault>
    where TFault : IScriptedFault
{
    private readonly Lock _gate = new();
    private readonly List<TFault> _pending = [];

    public void Enqueue(IEnumerable<TFault> faults)
    {
        lock (_gate)
        {
            _pending.AddRange(faults);
        }
    }

    /// <summary>Removes and returns the oldest fault matching the request, if any.</summary>
    public TFault? Take(string method, string path)
    {
        lock (_gate)
        {
            var index = _pending.FindIndex(f => f.Matches(method, path));
            if (index < 0)
            {
                return default;
            }

            var fault = _pending[index];
            _pending.RemoveAt(index);
            return fault;
        }
    }

    public IReadOnlyList<TFault> Pending()
    {
        lock (_gate)
        {
            return [.. _pending];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _pending.Clear();
        }
    }
}

/// <summary>Path globs of scripted faults: <c>*</c> is one path segment, <c>**</c> anything; null or empty matches every path.</summary>
public static class PathGlob
{
    public static bool Matches(string? pattern, string path) => string.IsNullOrEmpty(pattern) || new Regex(
        "^" + Regex.Escape(pattern).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "$",
        RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)).IsMatch(path);
}
