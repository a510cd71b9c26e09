using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunctionsMcp.Browser.Tests.Authorization;

/// <summary>The authorization code flow as a person walks it in Chromium: sign in, read the consent page, Allow or Deny.</summary>
public sealed class SignInAndConsentTests(BrowserHarness harness)
{
    [Fact]
    public async Task APerson_SignsInAndAllows_AndTheClientsCodeGivesATokenThatWorksAtMcp()
    {
        PublicClient client = await PublicClient.RegisterAsync(harness.App);
        (string authorize, string verifier) = client.Authorization("participants:read participants:write goals:read", state: "allow-7f3a");
        await using BrowserSession browser = await harness.OpenAsync();
        IPage page = browser.Page;

        await browser.FollowsTheClientToSignInAsync(authorize);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in (development)" })).ToBeVisibleAsync();
        await page.GetByLabel(Person.Coordinator).CheckAsync();
        await browser.ScreenshotAsync("signin");

        await browser.SignsInAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Allow Browser Test Client?" })).ToBeVisibleAsync();
        string who = await page.Locator("p", new() { HasText = "wants to use your data" }).InnerTextAsync();
        string returnsTo = await page.Locator("p", new() { HasText = "After you choose" }).InnerTextAsync();
        string[] access = await AccessListAsync(page);
        await browser.ScreenshotAsync("consent");

        Uri callback = await browser.ClicksAsync("Allow");
        Dictionary<string, string> result = PublicClient.Parameters(callback);
        await browser.ScreenshotAsync("allowed-redirect");
        JsonNode tokens = await client.ExchangeAsync(result["code"], verifier);
        (HttpStatusCode status, List<string> tools) = await client.ListToolsAsync(tokens["access_token"]!.GetValue<string>());

        Assert.Equal("Browser Test Client (registered itself with this server) wants to use your data at Sunrise Support Services as Liam O'Connor (Coordinator).", who);
        Assert.Equal("After you choose, you go back to client.example.test.", returnsTo);
        Assert.Equal(["Participants: read ☑, change ☑", "Goals and activities: read ☑"], access);
        Assert.Equal(PublicClient.RedirectUri, callback.GetLeftPart(UriPartial.Path));
        Assert.Equal(("allow-7f3a", harness.App.BaseUrl), (result["state"], result["iss"]));
        Assert.Equal("participants:read participants:write goals:read", tokens["scope"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("list_participants", tools);
        Assert.Contains("create_participant", tools);
        Assert.DoesNotContain("list_staff", tools);
    }

    [Fact]
    public async Task APerson_WhoClicksDeny_IsSentBackToTheClientWithAccessDenied()
    {
        PublicClient client = await PublicClient.RegisterAsync(harness.App);
        (string authorize, _) = client.Authorization("participants:read", state: "deny-91c2");
        await using BrowserSession browser = await harness.OpenAsync();

        await browser.FollowsTheClientToSignInAsync(authorize);
        await browser.SignsInAsync();
        Uri callback = await browser.ClicksAsync("Deny");
        Dictionary<string, string> result = PublicClient.Parameters(callback);
        await browser.ScreenshotAsync("denied-redirect");

        Assert.Equal(PublicClient.RedirectUri, callback.GetLeftPart(UriPartial.Path));
        Assert.Equal(("access_denied", "deny-91c2", harness.App.BaseUrl), (result["error"], result["state"], result["iss"]));
        Assert.False(result.ContainsKey("code"));
    }

    /// <summary>The consent page's access list as the person reads it: each data type, its choices, ☑ for ticked.</summary>
    internal static Task<string[]> AccessListAsync(IPage page) =>
        page.GetByRole(AriaRole.Group, new() { Name = "What it may do" }).EvaluateAsync<string[]>("""
            group => [...group.querySelectorAll('p')].map(p => p.querySelector('strong').textContent + ': '
              + [...p.querySelectorAll('label')].map(l => l.textContent.trim() + ' ' + (l.querySelector('input').checked ? '☑' : '☐')).join(', '))
            """);
}
