using System.Text;
using System.Text.Json;
using FunctionsMcp.Browser.Tests.Authorization;
using FunctionsMcp.LocalDev;
using Microsoft.Playwright;

namespace FunctionsMcp.Browser.Tests;

/// <summary>
/// One person's browser for one test: a fresh Chromium context (its own cookies) and a page, with the client app's
/// host (<see cref="PublicClient.Origin"/>) answered inside Chromium, so the redirect back to the client needs nothing
/// listening there (and no name to resolve).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private BrowserSession(IBrowserContext context, IPage page, LoopbackApp app) => (Context, Page, App) = (context, page, app);

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public LoopbackApp App { get; }

    /// <summary>Where screenshots go: <c>artifacts/screenshots/</c> at the repository root (kept by CI, ignored by git).</summary>
    public static string ScreenshotFolder => Path.Combine(Repository.GetRoot(AppContext.BaseDirectory), "artifacts", "screenshots");

    public static async Task<BrowserSession> OpenAsync(IBrowser browser, LoopbackApp app)
    {
        IBrowserContext context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 900, Height = 700 }, Locale = "en-AU" });
        // A step that cannot happen fails well before the test timeout. 15 s was too short under a full CI run (every test
        // assembly at once on 2 cores): the sign-in page's wait for load once ran out there while passing alone in 21 s.
        context.SetDefaultTimeout(45_000);
        IPage page = await context.NewPageAsync();
        await AnswerClientHostAsync(await context.NewCDPSessionAsync(page));
        return new BrowserSession(context, page, app);
    }

    /// <summary>
    /// Answers every request to the client's host with <see cref="PublicClient.CallbackPage"/>. Playwright's own routes
    /// (<c>RouteAsync</c>) are not called for the hops of a redirect, only for the first URL, and the browser reaches the
    /// client by the server's 302; so this uses Chromium's Fetch interception (DevTools protocol, through Playwright's
    /// CDP session), which sees every hop.
    /// </summary>
    private static async Task AnswerClientHostAsync(ICDPSession cdp)
    {
        cdp.Event("Fetch.requestPaused").OnEvent += (_, paused) => _ = FulfillAsync(cdp, paused!.Value);
        await cdp.SendAsync("Fetch.enable", new()
        {
            ["patterns"] = new[] { new Dictionary<string, object> { ["urlPattern"] = PublicClient.Origin + "/*", ["requestStage"] = "Request" } },
        });
    }

    private static async Task FulfillAsync(ICDPSession cdp, JsonElement paused)
    {
        try
        {
            var url = new Uri(paused.GetProperty("request").GetProperty("url").GetString()!);
            await cdp.SendAsync("Fetch.fulfillRequest", new()
            {
                ["requestId"] = paused.GetProperty("requestId").GetString()!,
                ["responseCode"] = 200,
                ["responseHeaders"] = new[] { new Dictionary<string, object> { ["name"] = "Content-Type", ["value"] = "text/html; charset=utf-8" } },
                ["body"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(PublicClient.CallbackPage(url))),
            });
        }
        catch (PlaywrightException ex)
        {
            // The page closed first (end of test): nothing waits for this answer any more.
            Console.Error.WriteLine($"The client host's answer was not delivered: {ex.Message}");
        }
    }

    /// <summary>Opens <paramref name="pathAndQuery"/> on the app and waits for its document to load.</summary>
    public async Task<IResponse> GoToAppAsync(string pathAndQuery)
    {
        IResponse response = await Page.GotoAsync(App.BaseUrl + pathAndQuery, new() { WaitUntil = WaitUntilState.Commit })
            ?? throw new InvalidOperationException($"No response for {pathAndQuery}.");
        await WaitForDocumentAsync();
        return response;
    }

    /// <summary>Waits until the page is at <paramref name="path"/> on the app and its document has loaded.</summary>
    public Task WaitForAppPathAsync(string path) => WaitForDocumentAsync(App.BaseUrl + path);

    /// <summary>Waits until the browser is back at the client's redirect URI and its page has loaded; returns that URL.</summary>
    public async Task<Uri> WaitForClientCallbackAsync() => new(await WaitForDocumentAsync(PublicClient.RedirectUri));

    /// <summary>
    /// Waits until the page's document is at an address starting with <paramref name="addressPrefix"/> and has finished
    /// loading (frames in it included); returns that address. It asks the page itself (<c>location</c>,
    /// <c>document.readyState</c>), polling across navigations, and never waits on Playwright's "load" lifecycle event:
    /// under full CI runs that wait ran out its 45 s more than once for a page that had arrived (the last time the
    /// consent page, whose wait logged only "networkidle").
    /// </summary>
    public async Task<string> WaitForDocumentAsync(string addressPrefix = "")
    {
        IJSHandle address = await Page.WaitForFunctionAsync(
            "prefix => location.href.startsWith(prefix) && document.readyState === 'complete' && location.href",
            addressPrefix,
            new() { PollingInterval = 50 });
        return await address.JsonValueAsync<string>();
    }

    /// <summary>Saves the whole page as <c>artifacts/screenshots/{name}.png</c>.</summary>
    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
