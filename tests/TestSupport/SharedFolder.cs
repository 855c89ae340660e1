namespace TeslaSync.TestSupport;

/// <summary>
/// Finds the project's shared folder (docs, captured fixtures, historical data), which sits
/// beside the repository as <c>../shared</c> on every developer machine and in CI.
/// A missing folder fails the test with a message; it never skips it.
/// </summary>
public static class SharedFolder
{
    private static readonly Lazy<string> Root = new(Locate);

    /// <summary>Absolute path of the shared folder.</summary>
    public static string Path => Root.Value;

    /// <summary>Absolute path of a file or folder under <c>shared/fixtures</c>.</summary>
    public static string Fixture(params string[] parts) => Combine("fixtures", parts);

    /// <summary>Absolute path of a file or folder under <c>shared/data</c>.</summary>
    public static string Data(params string[] parts) => Combine("data", parts);

    /// <summary>Reads a fixture file as text.</summary>
    public static string ReadFixture(params string[] parts) => File.ReadAllText(Fixture(parts));

    private static string Combine(string area, string[] parts)
    {
        var path = System.IO.Path.Combine([Path, area, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"The shared {area} item '{string.Join('/', parts)}' is missing at {path}.", path);
        }

        return path;
    }

    private static string Locate()
    {
        var repositoryRoot = RepositoryRoot.Path;
        var shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(repositoryRoot, "..", "shared"));
        if (!Directory.Exists(System.IO.Path.Combine(shared, "fixtures")))
        {
            throw new DirectoryNotFoundException(
                $"The shared folder was not found at {shared}. Tests need the project's shared fixtures and data " +
                "checked out beside the repository (../shared); see README.md.");
        }

        return shared;
    }
}

/// <summary>Finds the repository root (the folder holding TeslaSync.sln) from the test's output folder.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string Path => Root.Value;

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TeslaSync.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No TeslaSync.sln above {AppContext.BaseDirectory}.");
    }
}
