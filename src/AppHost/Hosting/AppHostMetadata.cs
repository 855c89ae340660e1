using System.Reflection;

namespace TeslaSync.AppHost.Hosting;

/// <summary>Written by build/AppHostProjects.targets: where the AppHost project and the repository are.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class AppHostMetadataAttribute(string projectDirectory, string repositoryRoot, string configuration) : Attribute
{
    public string ProjectDirectory { get; } = projectDirectory;

    public string RepositoryRoot { get; } = repositoryRoot;

    public string Configuration { get; } = configuration;
}

/// <summary>Written by build/AppHostProjects.targets: one project the AppHost built, and its output assembly.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class AppHostProjectAttribute(string projectPath, string targetPath) : Attribute
{
    public string ProjectPath { get; } = projectPath;

    public string TargetPath { get; } = targetPath;
}

/// <summary>A project the AppHost built: its project file and the assembly to run (<c>dotnet TargetPath</c>).</summary>
public sealed record BuiltProject(string ProjectPath, string TargetPath)
{
    public string ProjectDirectory => Path.GetDirectoryName(ProjectPath)!;
}

/// <summary>
/// The build-time facts about an AppHost (our counterpart of Aspire's generated <c>Projects</c> class).
/// Reading them from the assembly, rather than guessing <c>bin/Debug/net10.0</c>, keeps the AppHost
/// right for Release builds, custom output paths and renamed assemblies.
/// </summary>
public sealed class AppHostMetadata
{
    private AppHostMetadata(string projectDirectory, string repositoryRoot, string configuration, IReadOnlyList<BuiltProject> projects)
    {
        ProjectDirectory = projectDirectory;
        RepositoryRoot = repositoryRoot;
        Configuration = configuration;
        Projects = projects;
    }

    /// <summary>The AppHost project's folder: relative project paths and appsettings.json are found from here.</summary>
    public string ProjectDirectory { get; }

    public string RepositoryRoot { get; }

    public string Configuration { get; }

    public IReadOnlyList<BuiltProject> Projects { get; }

    public static AppHostMetadata FromAssembly(Assembly assembly)
    {
        var app = assembly.GetCustomAttribute<AppHostMetadataAttribute>();
        var projectDirectory = app?.ProjectDirectory ?? AppContext.BaseDirectory;
        var repositoryRoot = string.IsNullOrEmpty(app?.RepositoryRoot) ? FindRepositoryRoot(projectDirectory) : app.RepositoryRoot;

        // MSBuild reports each project path as it was written in the ProjectReference (often relative).
        var projects = assembly.GetCustomAttributes<AppHostProjectAttribute>()
            .Select(a => new BuiltProject(Path.GetFullPath(a.ProjectPath, projectDirectory), Path.GetFullPath(a.TargetPath, projectDirectory)))
            .ToList();

        return new AppHostMetadata(projectDirectory, repositoryRoot, app?.Configuration ?? "Debug", projects);
    }

    public BuiltProject? Find(string projectPath)
    {
        var fullPath = Path.GetFullPath(projectPath, ProjectDirectory);
        return Projects.FirstOrDefault(p => string.Equals(p.ProjectPath, fullPath, StringComparison.Ordinal));
    }

    private static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TeslaSync.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
