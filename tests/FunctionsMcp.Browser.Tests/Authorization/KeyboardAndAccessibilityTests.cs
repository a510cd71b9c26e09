using System.Text.Json.Nodes;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunctionsMcp.Browser.Tests.Authorization;

/// <summary>The sign-in and consent pages for someone without a mouse, and as axe-core judges them.</summary>
public sealed class KeyboardAndAccessibilityTests(BrowserHarness harness)
{
    // What has the focus, as "element name=value" (inputs and buttons are all these pages can focus), and whether the
    // browser shows a focus indicator for it (:focus-visible: keyboard focus must be visible).
    private const string FocusedScript = """
        () => {
          const e = document.activeElement;
          return e === document.body ? 'body' : `${e.tagName.toLowerCase()} ${e.name}=${e.value}${e.matches(':focus-visible') ? '' : ' (no visible focus)'}`;
        }
        """;

    [Fact]
    public async Task SignInAndConsent_CanBeCompletedWithTheKeyboardAlone()
    {
        PublicClient client = await PublicClient.RegisterAsync(harness.App);
        (string authorize, string verifier) = client.Authorization("participants:read participants:write goals:read", state: "keys-5d10");
        await using BrowserSession browser = await harness.OpenAsync();
        IKeyboard keys = browser.Page.Keyboard;

        // Sign-in: Tab into the list of users (the first is chosen), arrow down to the coordinator, Tab to Sign in, Enter.
        await browser.FollowsTheClientToSignInAsync(authorize);
        List<string> signIn = [await PressAsync(browser, "Tab"), await PressAsync(browser, "ArrowDown"), await PressAsync(browser, "Tab")];
        await keys.PressAsync("Enter");
        await browser.WaitForAppPathAsync("/consent");

        // Consent: Tab through the choices, Space unticks "change" on participants, Tab on to Allow, Enter.
        List<string> consent = [await PressAsync(browser, "Tab"), await PressAsync(browser, "Tab")];
        await keys.PressAsync("Space");
        consent.Add(await PressAsync(browser, "Tab"));
        consent.Add(await PressAsync(browser, "Tab"));
        await browser.ScreenshotAsync("consent-keyboard");
        // What a screen reader names the box Space unticked: "change" in the group "Participants".
        await Expect(browser.Page.GetByRole(AriaRole.Group, new() { Name = "Participants" }).GetByRole(AriaRole.Checkbox, new() { Name = "change" }))
            .Not.ToBeCheckedAsync();
        await keys.PressAsync("Enter");
        Uri callback = await browser.WaitForClientCallbackAsync();
        JsonNode tokens = await client.ExchangeAsync(PublicClient.Parameters(callback)["code"], verifier);

        Assert.Equal(["input user=sunrise/sunrise-admin", "input user=sunrise/sunrise-coordinator", "button action=sign-in"], signIn);
        Assert.Equal(["input scope=participants:read", "input scope=participants:write", "input scope=goals:read", "button decision=allow"], consent);
        Assert.Equal("participants:read goals:read", tokens["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheSignInAndConsentPages_HaveNoAxeViolations()
    {
        PublicClient client = await PublicClient.RegisterAsync(harness.App);
        (string authorize, _) = client.Authorization("participants:read participants:write funding:read", state: "axe-0b7e");
        await using BrowserSession browser = await harness.OpenAsync();

        await browser.FollowsTheClientToSignInAsync(authorize);
        AxeResult signIn = await browser.Page.RunAxe();
        await browser.SignsInAsync();
        AxeResult consent = await browser.Page.RunAxe();

        Assert.Empty(Violations(signIn));
        Assert.Empty(Violations(consent));
        Assert.NotEmpty(signIn.Passes);
        Assert.NotEmpty(consent.Passes);
    }

    private static async Task<string> PressAsync(BrowserSession browser, string key)
    {
        await browser.Page.Keyboard.PressAsync(key);
        return await browser.Page.EvaluateAsync<string>(FocusedScript);
    }

    /// <summary>Every violation, whatever its impact (serious and critical ones first), one line each: rule, impact, help, where.</summary>
    internal static List<string> Violations(AxeResult result) =>
        result.Violations
            .OrderBy(v => v.Impact switch { "critical" => 0, "serious" => 1, "moderate" => 2, _ => 3 })
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()))}")
            .ToList();
}
