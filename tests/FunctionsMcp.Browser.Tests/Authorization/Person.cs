using Microsoft.Playwright;

namespace FunctionsMcp.Browser.Tests.Authorization;

/// <summary>What the person in front of the browser does, by what the pages show (labels, button names), not by markup.</summary>
public static class Person
{
    /// <summary>A demo user as the development sign-in page lists them: Sunrise's coordinator.</summary>
    public const string Coordinator = "Liam O'Connor, Coordinator at Sunrise Support Services";

    /// <summary>The client sends the person to <c>/authorize</c>; the server sends them on to the sign-in page.</summary>
    public static async Task<IResponse> FollowsTheClientToSignInAsync(this BrowserSession browser, string authorizePathAndQuery)
    {
        IResponse signIn = await browser.GoToAppAsync(authorizePathAndQuery);
        await browser.WaitForAppPathAsync("/signin");
        return signIn;
    }

    /// <summary>On the development sign-in page: picks who they are and clicks Sign in; returns the consent page's response.</summary>
    public static async Task<IResponse> SignsInAsync(this BrowserSession browser, string who = Coordinator)
    {
        IPage page = browser.Page;
        await page.GetByLabel(who).CheckAsync();
        IResponse consent = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            response => response.Url.StartsWith(browser.App.BaseUrl + "/consent", StringComparison.Ordinal));
        await browser.WaitForAppPathAsync("/consent");
        return consent;
    }

    /// <summary>On the consent page: clicks <paramref name="button"/> (Allow or Deny); returns where the browser lands at the client.</summary>
    public static async Task<Uri> ClicksAsync(this BrowserSession browser, string button)
    {
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        return await browser.WaitForClientCallbackAsync();
    }
}
