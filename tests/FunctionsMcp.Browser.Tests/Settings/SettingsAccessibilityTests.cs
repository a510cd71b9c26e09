using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using FunctionsMcp.Browser.Tests.Authorization;
using Microsoft.Playwright;

namespace FunctionsMcp.Browser.Tests.Settings;

/// <summary>Settings → AI &amp; MCP as axe-core judges it, and for someone without a mouse.</summary>
public sealed class SettingsAccessibilityTests(BrowserHarness harness)
{
    [Fact]
    public async Task TheSettingsPages_HaveNoAxeViolations_AsAnAdminSeesThem()
    {
        await using BrowserSession browser = await harness.OpenAsync();

        await browser.OpensSettingsAsync(StaffMember.Admin);
        AxeResult settings = await browser.Page.RunAxe();
        await browser.CreatesAKeyAsync("Axe check");
        AxeResult newKey = await browser.Page.RunAxe();
        await browser.GoToAppAsync("/settings/mcp");
        await browser.Page.GetByRole(AriaRole.Link, new() { Name = "Activity of key Axe check" }).ClickAsync();
        AxeResult activity = await browser.Page.RunAxe();

        Assert.Empty(KeyboardAndAccessibilityTests.Violations(settings));
        Assert.Empty(KeyboardAndAccessibilityTests.Violations(newKey));
        Assert.Empty(KeyboardAndAccessibilityTests.Violations(activity));
        Assert.NotEmpty(settings.Passes);
    }

    [Fact]
    public async Task AKey_CanBeCreatedWithTheKeyboardAlone()
    {
        await using BrowserSession browser = await harness.OpenAsync();
        IPage page = browser.Page;
        await browser.OpensSettingsAsync(Person.Coordinator);

        // From the name field on, by keyboard only: type the name, Tab through the boxes and the expiry to "Create key", Enter.
        await page.Locator("#key-name").FocusAsync();
        await page.Keyboard.TypeAsync("Keyboard only");
        var stops = new List<string>();
        for (int i = 0; i < 40 && stops.LastOrDefault() != "create-key"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            stops.Add(await page.EvaluateAsync<string>("() => document.activeElement.id"));
        }

        await page.Keyboard.PressAsync("Enter");
        string key = await page.Locator("#new-key").InputValueAsync();

        Assert.Equal("create-key", stops[^1]);
        Assert.Contains("key-expires", stops);
        Assert.StartsWith("fmcp_", key, StringComparison.Ordinal);
    }
}
