using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunctionsMcp.Browser.Tests.Authorization;

/// <summary>
/// Clickjacking: the sign-in and consent pages tell the browser never to show them inside another page's frame
/// (<c>X-Frame-Options: DENY</c>, CSP <c>frame-ancestors 'none'</c>), and Chromium obeys.
/// </summary>
public sealed class FramingTests(BrowserHarness harness)
{
    [Fact]
    public async Task TheSignInAndConsentPages_SendHeadersThatForbidFraming()
    {
        await using BrowserSession browser = await harness.OpenAsync();

        (IResponse signIn, IResponse consent) = await OpenConsentAsync(browser, "frame-headers");

        foreach (IResponse page in new[] { signIn, consent })
        {
            Dictionary<string, string> headers = page.Headers;
            Assert.Equal(200, page.Status);
            Assert.Equal("DENY", headers["x-frame-options"]);
            Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheConsentPage_RefusesToRenderInAFrameOfAnotherOrigin()
    {
        await using BrowserSession browser = await harness.OpenAsync();
        await using FramingSite site = await FramingSite.StartAsync();
        await OpenConsentAsync(browser, "frame-refused");
        string consentUrl = browser.Page.Url;

        // The server does answer the frame (200): what stops it is the browser, reading the headers.
        IResponse framed = await browser.Page.RunAndWaitForResponseAsync(
            () => browser.Page.GotoAsync(site.PageFor(consentUrl), new() { WaitUntil = WaitUntilState.Commit }), response => response.Url == consentUrl);
        await browser.WaitForDocumentAsync();
        IFrame frame = browser.Page.MainFrame.ChildFrames.Single();
        await browser.ScreenshotAsync("consent-framed-refused");

        Assert.Equal(0, await frame.GetByRole(AriaRole.Button, new() { Name = "Allow" }).CountAsync());
        Assert.Equal("chrome-error://chromewebdata/", frame.Url);
        Assert.Equal(200, framed.Status);
        Assert.NotSame(browser.Page.MainFrame, framed.Frame);
    }

    /// <summary>
    /// The control for the test above: the same page of the same other origin, with the two headers taken off the
    /// consent page's response (by a Playwright route), does show the consent page and its Allow button in its frame.
    /// So the headers are what stops it, not the cookie, the address or anything else about the set-up.
    /// </summary>
    [Fact]
    public async Task WithoutThoseHeaders_TheSameFrameWouldShowTheConsentPage()
    {
        await using BrowserSession browser = await harness.OpenAsync();
        await using FramingSite site = await FramingSite.StartAsync();
        await OpenConsentAsync(browser, "frame-control");
        string consentUrl = browser.Page.Url;
        await browser.Context.RouteAsync(url => url == consentUrl, async route =>
        {
            IAPIResponse real = await route.FetchAsync();
            Dictionary<string, string> headers = real.Headers
                .Where(h => h.Key is not ("x-frame-options" or "content-security-policy"))
                .ToDictionary(h => h.Key, h => h.Value);
            await route.FulfillAsync(new() { Response = real, Headers = headers });
        });

        await browser.Page.GotoAsync(site.PageFor(consentUrl), new() { WaitUntil = WaitUntilState.Commit });

        await Expect(browser.Page.FrameLocator("iframe").GetByRole(AriaRole.Button, new() { Name = "Allow" })).ToBeVisibleAsync();
    }

    /// <summary>Walks a fresh client's flow to the consent page; returns the sign-in and consent pages' responses.</summary>
    private async Task<(IResponse SignIn, IResponse Consent)> OpenConsentAsync(BrowserSession browser, string state)
    {
        PublicClient client = await PublicClient.RegisterAsync(harness.App);
        (string authorize, _) = client.Authorization("participants:read", state);
        IResponse signIn = await browser.FollowsTheClientToSignInAsync(authorize);
        return (signIn, await browser.SignsInAsync());
    }
}
