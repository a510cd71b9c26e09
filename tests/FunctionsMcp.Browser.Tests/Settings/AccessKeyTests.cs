using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FunctionsMcp.Browser.Tests.Authorization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunctionsMcp.Browser.Tests.Settings;

/// <summary>A staff member on Settings → AI &amp; MCP in Chromium: signs in, makes an access key, uses it, revokes it.</summary>
public sealed class AccessKeyTests(BrowserHarness harness)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APerson_CreatesAKey_UsesItAtMcp_AndRevokesIt_AfterWhichMcpAnswers401()
    {
        await using BrowserSession browser = await harness.OpenAsync();
        IPage page = browser.Page;

        await browser.GoToAppAsync("/settings");
        await browser.WaitForAppPathAsync("/signin");
        await page.GetByLabel(Person.Coordinator).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await browser.WaitForAppPathAsync("/settings/mcp");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access keys" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync("settings");

        await page.Locator("#key-name").FillAsync("Manus on my laptop");
        await page.Locator("#create-key").ClickAsync();
        string key = await page.Locator("#new-key").InputValueAsync();
        await browser.ScreenshotAsync("settings-new-key");
        HttpStatusCode withKey = await ListToolsAsync(key);

        await browser.GoToAppAsync("/settings/mcp");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke key Manus on my laptop" }).ClickAsync();
        await browser.ScreenshotAsync("settings-key-revoked");
        HttpStatusCode afterRevoke = await ListToolsAsync(key);

        Assert.StartsWith("fmcp_", key, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, withKey);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke);
    }

    private async Task<HttpStatusCode> ListToolsAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        using HttpResponseMessage response = await harness.App.Http.SendAsync(request, Cancel);
        return response.StatusCode;
    }
}
