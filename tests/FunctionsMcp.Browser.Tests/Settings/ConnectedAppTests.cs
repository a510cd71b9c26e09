using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.Browser.Tests.Authorization;
using FunctionsMcp.OAuth.Audit;
using FunctionsMcp.OAuth.Grants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunctionsMcp.Browser.Tests.Settings;

/// <summary>An app connected through the OAuth flow, as its person sees it on Settings → AI &amp; MCP: listed, its activity, disconnected.</summary>
public sealed class ConnectedAppTests(BrowserHarness harness)
{
    private const string AppName = "Claude (browser test)";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APerson_ConnectsAnApp_SeesItAndWhatItDid_AndDisconnectsIt_AfterWhichItsTokensStop()
    {
        PublicClient client = await PublicClient.RegisterAsync(harness.App, AppName);
        (string authorize, string verifier) = client.Authorization("participants:read goals:read", state: "apps-3c81");
        await using BrowserSession browser = await harness.OpenAsync();
        IPage page = browser.Page;

        await browser.FollowsTheClientToSignInAsync(authorize);
        await browser.SignsInAsync();
        Uri callback = await browser.ClicksAsync("Allow");
        JsonNode tokens = await client.ExchangeAsync(PublicClient.Parameters(callback)["code"], verifier);
        string accessToken = tokens["access_token"]!.GetValue<string>();
        (HttpStatusCode listed, _) = await client.ListToolsAsync(accessToken);
        HttpStatusCode called = await client.CallToolAsync(accessToken, "whoami");
        await WaitForAuditAsync(client.ClientId, entries: 2);

        await browser.OpensSettingsAsync(Person.Coordinator);
        string row = await page.GetByRole(AriaRole.Table, new() { Name = "Your connected apps" })
            .GetByRole(AriaRole.Row).Filter(new() { HasText = AppName }).InnerTextAsync();
        await browser.ScreenshotAsync("settings-app-connected");

        await page.GetByRole(AriaRole.Link, new() { Name = "Activity of " + AppName }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Activity of " + AppName })).ToBeVisibleAsync();
        string[] activity = await page.Locator("#activity tbody tr").EvaluateAllAsync<string[]>(
            "rows => rows.map(r => [...r.cells].slice(1, 4).map(c => c.textContent).join(' | '))");
        await browser.ScreenshotAsync("settings-app-activity");

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to AI & MCP settings" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Disconnect " + AppName }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Disconnect " + AppName })).ToHaveCountAsync(0);
        string ended = await page.Locator("#my-ended-apps").TextContentAsync() ?? string.Empty;
        await browser.ScreenshotAsync("settings-app-disconnected");
        (HttpStatusCode afterDisconnect, _) = await client.ListToolsAsync(accessToken);
        (HttpStatusCode refreshStatus, JsonNode refresh) = await client.RefreshAsync(tokens["refresh_token"]!.GetValue<string>());

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (listed, called));
        Assert.Contains("registered itself", row, StringComparison.Ordinal);
        Assert.Contains("Participants: read; Goals and activities: read", row, StringComparison.Ordinal);
        Assert.Equal(["whoami | ok | 200", "tools/list | ok | 200"], activity);
        Assert.Contains(AppName, ended, StringComparison.Ordinal);
        Assert.Contains("Disconnected", ended, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, afterDisconnect);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (refreshStatus, refresh["error"]!.GetValue<string>()));
    }

    /// <summary>
    /// Returns once the audit trail, for the coordinator's grant to the client, holds <paramref name="entries"/> requests made with it:
    /// the app writes audit entries in the background after answering, so the activity page may lag the calls by a moment.
    /// </summary>
    private async Task WaitForAuditAsync(string clientId, int entries)
    {
        IReadOnlyList<Grant> grants = await harness.App.Services.GetRequiredService<GrantService>().ListAsync("sunrise", "sunrise-coordinator", Cancel);
        Grant grant = Assert.Single(grants, g => g.ClientId == clientId);
        var audit = harness.App.Services.GetRequiredService<IAuditStore>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while ((await audit.ReadCredentialPageAsync(grant.Id, after: null, max: entries, deadline.Token))?.Entries.Count < entries)
            await Task.Delay(100, deadline.Token);
    }
}
