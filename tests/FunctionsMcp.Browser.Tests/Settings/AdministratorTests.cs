using System.Net;
using FunctionsMcp.OAuth.AccessKeys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunctionsMcp.Browser.Tests.Settings;

/// <summary>An administrator on Settings → AI &amp; MCP in Chromium: everyone's keys in their organization, and nothing of another.</summary>
public sealed class AdministratorTests(BrowserHarness harness)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAdmin_RevokesAnotherPersonsKey_AfterWhichMcpAnswers401_AndSeesNoKeyOfAnotherOrganization()
    {
        var keys = harness.App.Services.GetRequiredService<AccessKeyService>();
        string workerKey = await CreateAsync(keys, "sunrise", "sunrise-worker", "Mele's phone assistant");
        await CreateAsync(keys, "coastal", "coastal-coordinator", "Jack's Coastal key");
        HttpStatusCode before = await StaffMember.ListToolsAsync(harness.App, workerKey);
        await using BrowserSession browser = await harness.OpenAsync();
        IPage page = browser.Page;

        await browser.OpensSettingsAsync(StaffMember.Admin);
        ILocator everyone = page.GetByRole(AriaRole.Table, new() { Name = "Everyone else's keys at Sunrise Support Services (you are an administrator)" });
        string row = await everyone.GetByRole(AriaRole.Row).Filter(new() { HasText = "Mele's phone assistant" }).InnerTextAsync();
        string wholePage = await page.Locator("body").InnerTextAsync();
        await browser.ScreenshotAsync("settings-admin");

        await everyone.GetByRole(AriaRole.Button, new() { Name = "Revoke key Mele's phone assistant" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Revoke key Mele's phone assistant" })).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("settings-admin-revoked");
        HttpStatusCode after = await StaffMember.ListToolsAsync(harness.App, workerKey);

        Assert.Contains("Mele Tupou", row, StringComparison.Ordinal);
        Assert.DoesNotContain("Jack's Coastal key", wholePage, StringComparison.Ordinal);
        Assert.DoesNotContain("Jack Robinson", wholePage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal(HttpStatusCode.Unauthorized, after);
    }

    private static async Task<string> CreateAsync(AccessKeyService keys, string organizationId, string userId, string name)
    {
        (CreatedAccessKey? created, string? error) = await keys.CreateAsync(organizationId, userId, name, ["participants:read"], expiresAt: null, Cancel);
        Assert.True(created is not null, error);
        return created.Token;
    }
}
