using System.Net;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Mcp.Tests.Settings;

/// <summary>Access keys on Settings → AI &amp; MCP: made, shown once, used, listed and revoked by their owner (or an admin).</summary>
public sealed class SettingsAccessKeyTests(AzuriteFixture azurite) : SettingsTest(azurite)
{
    [Fact]
    public async Task ANewKey_IsShownOnce_OnTheAnswerToItsForm_WithTheLinesToPaste_AndWorksAtMcp()
    {
        string page = await Browser.OpenAsync("/settings/mcp", Coordinator);

        (HttpResponseMessage response, string html) = await CreateKeyAsync(Browser, page, "Manus");
        string key = ShownKey(html);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(key, SettingsBrowser.Text(html, "new-key"));
        Assert.Equal($"Authorization: Bearer {key}", SettingsBrowser.Text(html, "new-key-header"));
        Assert.Equal($"claude mcp add --transport http functions-mcp {Server.McpUrl} --header \"Authorization: Bearer {key}\"", SettingsBrowser.Text(html, "new-key-claude-code"));
        Assert.Equal($"export FUNCTIONS_MCP_KEY={key}\ncodex mcp add functions-mcp --url {Server.McpUrl} --bearer-token-env-var FUNCTIONS_MCP_KEY", SettingsBrowser.Text(html, "new-key-codex"));
        Assert.DoesNotContain(key, SettingsBrowser.Text(html, "new-key-vscode"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await McpStatusAsync(key));
        AccessKey stored = Assert.Single(await Keys.ListAsync(Tenant.OrganizationId, TestTenant.Coordinator, Cancel));
        Assert.Equal("Manus", stored.Name);
        Assert.Equal(Scopes.Read, stored.Scopes);
        Assert.Equal(Time.GetUtcNow().AddDays(90), stored.ExpiresAt!.Value, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task TheSecret_IsNeverOnALaterPage_NorInAUrl()
    {
        string page = await Browser.OpenAsync("/settings/mcp", Coordinator);
        (HttpResponseMessage response, string html) = await CreateKeyAsync(Browser, page, "Claude Code");
        string key = ShownKey(html);
        Assert.True(AccessKeyFormat.TryParse(key, out string keyId, out string secret));
        await McpStatusAsync(key);

        string later = await Browser.GetPageAsync("/settings/mcp");
        string activity = await Browser.GetPageAsync($"/settings/mcp/activity?key={keyId}");

        Assert.Contains("Claude Code", later, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, later, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, activity, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, response.RequestMessage!.RequestUri!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotMatch(KeyPattern(), later);
    }

    [Fact]
    public async Task RevokingAKey_Is401AtMcpOnItsNextRequest()
    {
        string page = await Browser.OpenAsync("/settings/mcp", Coordinator);
        string key = ShownKey((await CreateKeyAsync(Browser, page, "Manus")).Html);
        string keyId = key.Split('_')[1];
        page = await Browser.GetPageAsync("/settings/mcp");

        using HttpResponseMessage revoked = await Browser.SubmitAsync(page, "/settings/mcp/keys/revoke", containing: $"revoke-key-{keyId}");
        string after = await Browser.GetPageAsync(revoked.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.SeeOther, revoked.StatusCode);
        Assert.Equal("/settings/mcp?done=key-revoked#keys", revoked.Headers.Location!.OriginalString);
        Assert.Contains("The key was revoked", after, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await McpStatusAsync(key));
    }

    [Fact]
    public async Task ScopesAboveTheRole_AreNotOffered_AndRefusedWithASentence_AndNoKeyIsMade()
    {
        string page = await Browser.OpenAsync("/settings/mcp", Worker);

        (HttpResponseMessage response, string html) = await CreateKeyAsync(Browser, page, "Sneaky",
            new() { ["scope"] = [Scopes.ParticipantsRead, Scopes.ParticipantsWrite] });

        Assert.DoesNotContain("value=\"participants:write\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"funding:write\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"key-scope-goals-write\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The key was not created: a support worker may not hold participants:write.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Sneaky\"", html, StringComparison.Ordinal);
        Assert.Empty(await Keys.ListAsync(Tenant.OrganizationId, TestTenant.Worker, Cancel));
    }

    [Theory]
    [InlineData("Manus\u202Egnp.exe", "change the direction of text")]
    [InlineData("a\u2066b\u2069", "change the direction of text")]
    [InlineData("x\u200Fy", "change the direction of text")]
    [InlineData("tab\there", "control characters")]
    [InlineData("line\nbreak", "control characters")]
    public async Task ANameWithControlOrDirectionCharacters_IsRefusedWithASentence(string name, string sentence)
    {
        string page = await Browser.OpenAsync("/settings/mcp", Coordinator);

        (HttpResponseMessage response, string html) = await CreateKeyAsync(Browser, page, name);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"The key was not created: the key&#x27;s name may not contain", html, StringComparison.Ordinal);
        Assert.Contains(sentence, html, StringComparison.Ordinal);
        Assert.Empty(await Keys.ListAsync(Tenant.OrganizationId, TestTenant.Coordinator, Cancel));
    }

    [Fact]
    public async Task AnotherPersonsKey_Is404_ToRevokeOrToRead_AndKeepsWorking()
    {
        CreatedAccessKey theirs = await Server.CreateKeyAsync(Tenant, TestTenant.Worker, Scopes.ParticipantsRead);
        string page = await Browser.OpenAsync("/settings/mcp", Coordinator);
        List<KeyValuePair<string, string>> fields = [new("csrf", SettingsBrowser.Csrf(page)), new("id", theirs.Key.Id)];

        using HttpResponseMessage revoke = await Browser.PostAsync("/settings/mcp/keys/revoke", fields);
        using HttpResponseMessage activity = await Browser.Http.GetAsync($"/settings/mcp/activity?key={theirs.Key.Id}", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, activity.StatusCode);
        Assert.DoesNotContain(theirs.Key.Id, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await McpStatusAsync(theirs.Token));
    }

    [Fact]
    public async Task AnAdmin_SeesEveryKeyOfTheirOrganizationWithItsOwner_AndRevokesAny_ButNothingOfAnother()
    {
        TestTenant other = await Server.CreateTenantAsync();
        CreatedAccessKey workers = await Server.CreateKeyAsync(Tenant, TestTenant.Worker, Scopes.ParticipantsRead);
        CreatedAccessKey elsewhere = await Server.CreateKeyAsync(other, TestTenant.Coordinator, Scopes.ParticipantsRead);
        string page = await Browser.OpenAsync("/settings/mcp", Admin);
        SettingsBrowser otherAdmin = NewBrowser();
        string otherPage = await otherAdmin.OpenAsync("/settings/mcp", $"{other.OrganizationId}/{TestTenant.Admin}");

        using HttpResponseMessage foreign = await otherAdmin.PostAsync("/settings/mcp/keys/revoke", [new("csrf", SettingsBrowser.Csrf(otherPage)), new("id", workers.Key.Id)]);
        using HttpResponseMessage foreignActivity = await otherAdmin.Http.GetAsync($"/settings/mcp/activity?key={workers.Key.Id}", Cancel);
        using HttpResponseMessage revoked = await Browser.SubmitAsync(page, "/settings/mcp/keys/revoke", containing: $"revoke-key-{workers.Key.Id}");

        Assert.Contains($"<tr id=\"key-{workers.Key.Id}\"><td>test</td><td>W</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(elsewhere.Key.Id, page, StringComparison.Ordinal);
        Assert.DoesNotContain(workers.Key.Id, otherPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignActivity.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await McpStatusAsync(workers.Token));
        Assert.Equal(HttpStatusCode.OK, await McpStatusAsync(elsewhere.Token));
    }

    [Fact]
    public async Task KeysMadeWithTheCli_AreListedOnThePage_AndKeysMadeOnThePage_ByTheCliService()
    {
        (CreatedAccessKey? fromCli, _) = await Keys.CreateAsync(Tenant.OrganizationId, TestTenant.Coordinator, "From the CLI", [Scopes.StaffRead], null, Cancel);
        string page = await Browser.OpenAsync("/settings/mcp", Coordinator);
        Time.Advance(TimeSpan.FromMinutes(1));
        await CreateKeyAsync(Browser, page, "From the page");

        page = await Browser.GetPageAsync("/settings/mcp");

        Assert.Contains($"<tr id=\"key-{fromCli!.Key.Id}\"><td>From the CLI</td>", page, StringComparison.Ordinal);
        Assert.Equal(["From the CLI", "From the page"], (await Keys.ListAsync(Tenant.OrganizationId, TestTenant.Coordinator, Cancel)).Select(k => k.Name));
    }
}
