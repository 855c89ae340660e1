using Microsoft.Playwright;
using TeslaSync.TestSupport;

namespace TeslaSync.Web.AcceptanceTests;

/// <summary>
/// Where every page a test visits is photographed: TESLASYNC_SCREENSHOTS, else artifacts/screenshots
/// in the clone (git-ignored). The README's pictures are chosen from these.
/// </summary>
public static class Screenshots
{
    public const string DirectoryVariable = "TESLASYNC_SCREENSHOTS";

    public static string Directory =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots");

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var path = Path.Combine(Directory, name + ".png");
        System.IO.Directory.CreateDirectory(Directory);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }
}
