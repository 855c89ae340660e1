namespace TeslaSync.AppHost.Hosting;

/// <summary>
/// One console for many processes: every line is prefixed with the name of the resource that wrote
/// it ("priceingest | ..."), names padded to one width and coloured per resource, so interleaved
/// output stays readable. Colours are off when output is redirected or NO_COLOR is set
/// (https://no-color.org), so logs and test captures hold plain text.
/// </summary>
public sealed class ConsoleLog
{
    public const string AppHostSource = "apphost";

    private const string Reset = "\u001b[0m";
    private const string Red = "\u001b[1;31m";

    // No red in the palette: red means an AppHost error.
    private static readonly string[] Palette =
    [
        "\u001b[36m", "\u001b[32m", "\u001b[33m", "\u001b[35m", "\u001b[34m",
        "\u001b[96m", "\u001b[92m", "\u001b[93m", "\u001b[95m", "\u001b[94m",
    ];

    private readonly Lock gate = new();
    private readonly Dictionary<string, string> colours = new(StringComparer.Ordinal);
    private readonly TextWriter output;
    private readonly TextWriter error;
    private int width = AppHostSource.Length;

    public ConsoleLog(TextWriter output, TextWriter error, bool useColour)
    {
        this.output = output;
        this.error = error;
        UseColour = useColour;
    }

    public bool UseColour { get; }

    public static ConsoleLog ForConsole() =>
        new(Console.Out, Console.Error, ColoursEnabled(Console.IsOutputRedirected, Environment.GetEnvironmentVariable("NO_COLOR")));

    public static bool ColoursEnabled(bool outputRedirected, string? noColor) => !outputRedirected && string.IsNullOrEmpty(noColor);

    /// <summary>Fixes each name's colour (in declaration order) and the prefix width.</summary>
    public void Register(IEnumerable<string> names)
    {
        lock (gate)
        {
            foreach (var name in names)
            {
                if (!colours.ContainsKey(name))
                {
                    colours[name] = Palette[colours.Count % Palette.Length];
                }

                width = Math.Max(width, name.Length);
            }
        }
    }

    public static string FormatLine(string source, int width, string line, string? colour) =>
        colour is null ? $"{source.PadRight(width)} | {line}" : $"{colour}{source.PadRight(width)} |{Reset} {line}";

    /// <summary>A line a child process wrote; its stderr goes to our stderr.</summary>
    public void Output(string source, string line, bool isError)
    {
        lock (gate)
        {
            var colour = UseColour ? colours.GetValueOrDefault(source, string.Empty) : null;
            (isError ? error : output).WriteLine(FormatLine(source, width, line, colour));
        }
    }

    public void Info(string message) => WriteLines(output, message, null);

    public void Error(string message) => WriteLines(error, message, UseColour ? Red : null);

    /// <summary>An unprefixed line, for what scripts and people look for (the ready line).</summary>
    public void Plain(string line)
    {
        lock (gate)
        {
            output.WriteLine(line);
        }
    }

    private void WriteLines(TextWriter writer, string message, string? colour)
    {
        lock (gate)
        {
            foreach (var line in message.Split('\n'))
            {
                var text = FormatLine(AppHostSource, width, line.TrimEnd('\r'), null);
                writer.WriteLine(colour is null ? text : colour + text + Reset);
            }
        }
    }
}
