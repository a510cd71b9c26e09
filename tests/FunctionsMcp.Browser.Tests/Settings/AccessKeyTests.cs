using System.Net;
using FunctionsMcp.Browser.Tests.Authorization;
using FunctionsMcp.OAuth.AccessKeys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunctionsMcp.Browser.Tests.Settings;

/// <summary>Access keys on Settings → AI &amp; MCP in Chromium: made, copied, used, revoked; limited by role; an admin's view.</summary>
public sealed class AccessKeyTests(BrowserHarness harness)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APerson_CreatesAKey_CopiesIt_UsesItAtMcp_AndRevokesIt_AfterWhichMcpAnswers401()
    {
        await using BrowserSession browser = await harness.OpenAsync();
        await browser.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = harness.App.BaseUrl });
        IPage page = browser.Page;

        await browser.OpensSettingsAsync(Person.Coordinator);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access keys" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync("settings");

        string key = await browser.CreatesAKeyAsync("Manus on my laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy the access key" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Copied to the clipboard.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy the access key" })).ToHaveTextAsync("Copied");
        string clipboard = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        await browser.ScreenshotAsync("settings-new-key");
        HttpStatusCode withKey = await StaffMember.ListToolsAsync(harness.App, clipboard);

        await browser.GoToAppAsync("/settings/mcp");
        string listed = await page.GetByRole(AriaRole.Table, new() { Name = "Your keys" }).InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke key Manus on my laptop" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Revoke key Manus on my laptop" })).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("settings-key-revoked");
        HttpStatusCode afterRevoke = await StaffMember.ListToolsAsync(harness.App, key);

        Assert.StartsWith("fmcp_", key, StringComparison.Ordinal);
        Assert.Equal(key, clipboard);
        Assert.Contains("Manus on my laptop", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, withKey);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke);
    }

    [Fact]
    public async Task ASupportWorker_IsOfferedOnlyTheAccessTheirRoleAllows_AndAForgedWriteBoxIsRefusedWithASentence()
    {
        await using BrowserSession browser = await harness.OpenAsync();
        IPage page = browser.Page;

        await browser.OpensSettingsAsync(StaffMember.SupportWorker);
        string[] offered = await page.Locator("#create-key-form input[name=scope]").EvaluateAllAsync<string[]>("boxes => boxes.map(b => b.value)");
        await browser.ScreenshotAsync("settings-support-worker");

        // What a person could do with the browser's developer tools: add a box the page never offered, and send it.
        await page.Locator("#create-key-form fieldset").First.EvaluateAsync(
            "set => set.insertAdjacentHTML('beforeend', '<input type=checkbox name=scope value=participants:write checked>')");
        await page.Locator("#key-name").FillAsync("More than my role");
        await page.Locator("#create-key").ClickAsync();
        string refusal = await page.GetByRole(AriaRole.Alert).InnerTextAsync();
        await browser.ScreenshotAsync("settings-key-refused");
        IReadOnlyList<AccessKey> keys = await harness.App.Services.GetRequiredService<AccessKeyService>()
            .ListAsync("sunrise", "sunrise-worker", Cancel);

        Assert.Equal(
            ["participants:read", "goals:read", "goals:write", "careplans:read", "funding:read", "medications:read", "staff:read", "catalogue:read"],
            offered);
        Assert.Equal("The key was not created: a support worker may not hold participants:write.", refusal);
        Assert.DoesNotContain(keys, k => k.Name == "More than my role");
        Assert.Empty(await page.Locator("#new-key").AllAsync());
    }
}
