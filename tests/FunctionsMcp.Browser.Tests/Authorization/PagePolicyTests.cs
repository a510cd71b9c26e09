using Microsoft.Playwright;

namespace FunctionsMcp.Browser.Tests.Authorization;

/// <summary>The sign-in and consent pages under their Content-Security-Policy, as Chromium enforces it.</summary>
public sealed class PagePolicyTests(BrowserHarness harness)
{
    [Fact]
    public async Task TheSignInAndConsentPages_AreStyledUnderAPolicyWithoutUnsafeInline_AndChromiumRefusesNothing()
    {
        PublicClient client = await PublicClient.RegisterAsync(harness.App);
        (string authorize, _) = client.Authorization("participants:read", state: "csp-44aa");
        await using BrowserSession browser = await harness.OpenAsync();
        var refusals = new List<string>();
        browser.Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                refusals.Add(message.Text);
        };

        IResponse signIn = await browser.FollowsTheClientToSignInAsync(authorize);
        string signInWidth = await BodyMaxWidthAsync(browser.Page);
        await browser.SignsInAsync();
        string consentWidth = await BodyMaxWidthAsync(browser.Page);
        string policy = await signIn.HeaderValueAsync("content-security-policy") ?? string.Empty;

        // The style block sets body { max-width: 36rem }: 576px at the default 16px, and "none" if Chromium refused it.
        Assert.Equal(("576px", "576px"), (signInWidth, consentWidth));
        Assert.Empty(refusals);
        Assert.StartsWith("default-src 'none'; style-src 'sha256-", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
    }

    private static Task<string> BodyMaxWidthAsync(IPage page) => page.EvaluateAsync<string>("() => getComputedStyle(document.body).maxWidth");
}
