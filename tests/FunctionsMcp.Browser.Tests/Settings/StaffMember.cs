using System.Net;
using Microsoft.Playwright;

namespace FunctionsMcp.Browser.Tests.Settings;

/// <summary>What a staff member does on Settings → AI &amp; MCP, by what the page shows; and what their credentials get at <c>/mcp</c>.</summary>
public static class StaffMember
{
    /// <summary>Sunrise's administrator, as the development sign-in page lists her.</summary>
    public const string Admin = "Priya Sharma, Admin at Sunrise Support Services";

    /// <summary>Sunrise's support worker.</summary>
    public const string SupportWorker = "Mele Tupou, Support worker at Sunrise Support Services";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Opens <c>/settings</c>, is sent to the sign-in page, signs in as <paramref name="who"/> and lands on the AI &amp; MCP page.</summary>
    public static async Task OpensSettingsAsync(this BrowserSession browser, string who)
    {
        IPage page = browser.Page;
        await browser.GoToAppAsync("/settings");
        await browser.WaitForAppPathAsync("/signin");
        await page.GetByLabel(who).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await browser.WaitForAppPathAsync("/settings/mcp");
    }

    /// <summary>Fills in the key form with a name (and the default access and expiry), creates it, and reads the one-time key.</summary>
    public static async Task<string> CreatesAKeyAsync(this BrowserSession browser, string name)
    {
        IPage page = browser.Page;
        await page.Locator("#key-name").FillAsync(name);
        await page.Locator("#create-key").ClickAsync();
        return await page.Locator("#new-key").InputValueAsync();
    }

    /// <summary>Calls <c>tools/list</c> at <c>/mcp</c> with a key or access token; returns the status.</summary>
    public static async Task<HttpStatusCode> ListToolsAsync(LoopbackApp app, string credential)
    {
        using HttpRequestMessage request = McpPost.Create(credential, "tools/list");
        using HttpResponseMessage response = await app.Http.SendAsync(request, Cancel);
        return response.StatusCode;
    }
}
