using System.Diagnostics;
using Microsoft.Playwright;

namespace TeslaSync.Web.AcceptanceTests;

/// <summary>The dashboard's panels (section.panel#panel-&lt;id&gt; with a data-state, per the UI contract).</summary>
internal static class Panels
{
    /// <summary>
    /// Waits until every named panel shows its data (data-state=ready). A panel may start empty on a
    /// fresh system (no energy sampled yet) and fill in from the live stream or its refresh, so the
    /// wait is patient; one that never gets there fails with each panel's state and message.
    /// </summary>
    public static Task WaitUntilReadyAsync(IPage page, TimeSpan patience, params string[] ids) =>
        WaitUntilAsync(page, patience, ["ready"], ids);

    /// <summary>
    /// Waits until every named panel has drawn its data or says there is none yet (data-state=empty with
    /// its message): never loading, never an error.
    /// </summary>
    public static Task WaitUntilDrawnAsync(IPage page, TimeSpan patience, params string[] ids) =>
        WaitUntilAsync(page, patience, ["ready", "empty"], ids);

    private static async Task WaitUntilAsync(IPage page, TimeSpan patience, string[] accepted, string[] ids)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            var states = new Dictionary<string, string>();
            foreach (var id in ids)
            {
                var panel = page.Locator($"#panel-{id}");
                states[id] = await panel.CountAsync() == 0 ? "missing" : await panel.GetAttributeAsync("data-state") ?? "no data-state";
            }

            var waiting = states.Where(s => !accepted.Contains(s.Value)).Select(s => s.Key).ToList();
            if (waiting.Count == 0)
            {
                return;
            }

            if (elapsed.Elapsed > patience)
            {
                var lines = new List<string>();
                foreach (var id in waiting)
                {
                    var message = states[id] == "missing" ? string.Empty : await page.Locator($"#panel-{id} .panel-message").First.InnerTextAsync();
                    lines.Add($"#panel-{id}: {states[id]} {message}".Trim());
                }

                throw new TimeoutException($"Panels not {string.Join(" or ", accepted)} after {patience.TotalSeconds:F0} s:\n{string.Join('\n', lines)}");
            }

            await Task.Delay(500);
        }
    }
}
