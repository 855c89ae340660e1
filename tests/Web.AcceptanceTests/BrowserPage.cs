using Microsoft.Playwright;

namespace TeslaSync.Web.AcceptanceTests;

/// <summary>
/// One page of the dashboard in its own browser context, remembering every console error and
/// uncaught exception (Chromium reports CSP violations as console errors) so a test can insist on none.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    /// <summary>How long a page may take to draw its first data on a busy 2-core machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly List<string> problems = [];

    private BrowserPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        Api = new GatewayApi(context.APIRequest);
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Add($"console error: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => Add($"uncaught: {error}");
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>The REST API with this page's cookies.</summary>
    public GatewayApi Api { get; }

    /// <summary>Console errors and uncaught exceptions so far.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (problems)
            {
                return [.. problems];
            }
        }
    }

    /// <summary>The CSP violations among the problems.</summary>
    public IReadOnlyList<string> CspViolations =>
        [.. Problems.Where(p => p.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))];

    public static async Task<BrowserPage> OpenAsync(IBrowserContext context) => new(context, await context.NewPageAsync());

    /// <summary>
    /// Goes to a page of the app through its hash route and waits until the page says its first data
    /// is drawn (data-state=ready); a page that reports an error fails with what it showed.
    /// </summary>
    public async Task<ILocator> OpenAsync(string name)
    {
        await Page.GotoAsync($"/#/{name}");
        return await WaitForPageAsync(name);
    }

    /// <summary>Waits for section#page-name to leave the loading state; it must be ready.</summary>
    public async Task<ILocator> WaitForPageAsync(string name)
    {
        var section = Page.Locator($"section#page-{name}");
        try
        {
            await Page.Locator($"section#page-{name}[data-state=ready], section#page-{name}[data-state=error]").WaitForAsync();
        }
        catch (TimeoutException e)
        {
            var shown = await Page.Locator("body").InnerTextAsync();
            throw new TimeoutException($"The {name} page did not finish loading at {Page.Url}; the page shows:\n{shown[..Math.Min(shown.Length, 1000)]}", e);
        }

        var state = await section.GetAttributeAsync("data-state");
        if (state != "ready")
        {
            throw new InvalidOperationException($"The {name} page is in state '{state}': {await section.InnerTextAsync()}");
        }

        return section;
    }

    /// <summary>A full-page screenshot, named after the test's scenario, in the screenshots folder.</summary>
    public Task ScreenshotAsync(string name) => Screenshots.SaveAsync(Page, name);

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();

    private void Add(string problem)
    {
        lock (problems)
        {
            problems.Add(problem);
        }
    }
}
