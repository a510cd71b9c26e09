using System.Net;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Tests.Settings;

/// <summary>An admin's confidential OAuth clients on Settings → AI &amp; MCP, through the same <see cref="ClientRegistry"/> as the CLI.</summary>
public sealed class SettingsClientTests(AzuriteFixture azurite) : SettingsTest(azurite)
{
    private ClientRegistry Registry => Server.Services.GetRequiredService<ClientRegistry>();

    [Fact]
    public async Task AnAdmin_CreatesAClient_SeesItsSecretOnce_AndDeletingItDisconnectsEveryone()
    {
        string page = await Browser.OpenAsync("/settings/mcp", Admin);

        using HttpResponseMessage created = await Browser.SubmitAsync(page, "/settings/mcp/clients/create",
            overrides: new() { ["name"] = ["ChatGPT"], ["redirect_uris"] = ["https://chatgpt.com/connector_platform_oauth_redirect\r\nhttps://chatgpt.com/connector/oauth/abc"] });
        string html = await created.Content.ReadAsStringAsync(Cancel);
        string clientId = SettingsBrowser.Text(html, "new-client-id");
        string secret = SettingsBrowser.Text(html, "new-client-secret");
        string later = await Browser.GetPageAsync("/settings/mcp");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        Assert.StartsWith("cc_", clientId, StringComparison.Ordinal);
        Assert.StartsWith("fmcs_", secret, StringComparison.Ordinal);
        Assert.Equal("client_secret_post", SettingsBrowser.Text(html, "new-client-auth-method"));
        Assert.Equal(Server.BaseUrl + "/authorize", SettingsBrowser.Text(html, "new-client-authorize-url"));
        Assert.Equal(Server.BaseUrl + "/token", SettingsBrowser.Text(html, "new-client-token-url"));
        OAuthClient stored = Assert.Single(await Registry.ListConfidentialAsync(Tenant.OrganizationId, Cancel));
        Assert.Equal(("ChatGPT", 2), (stored.Name, stored.RedirectUris.Count));
        Assert.Contains($"<tr id=\"client-{clientId}\"><td>ChatGPT</td>", later, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, later, StringComparison.Ordinal);

        var grant = new Grant("gr_" + Guid.NewGuid().ToString("N")[..12], Tenant.OrganizationId, TestTenant.Worker, clientId, ["participants:read"], Time.GetUtcNow());
        await Server.Services.GetRequiredService<IGrantStore>().AddAsync(grant, Cancel);
        using HttpResponseMessage deleted = await Browser.SubmitAsync(later, "/settings/mcp/clients/delete", containing: $"delete-client-{clientId}");

        Assert.Equal(HttpStatusCode.SeeOther, deleted.StatusCode);
        Assert.Empty(await Registry.ListConfidentialAsync(Tenant.OrganizationId, Cancel));
        Assert.Equal(GrantService.ClientDeletedReason, (await Grants.FindAsync(Tenant.OrganizationId, null, grant.Id, Cancel))!.RevokedReason);
    }

    [Fact]
    public async Task ARefusedClient_IsShownAgainWithItsSentence()
    {
        string page = await Browser.OpenAsync("/settings/mcp", Admin);

        using HttpResponseMessage refused = await Browser.SubmitAsync(page, "/settings/mcp/clients/create",
            overrides: new() { ["name"] = ["Chat\u202EGPT"], ["redirect_uris"] = ["https://chatgpt.com/cb"] });
        string html = await refused.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("The client was not created: the client&#x27;s name may not contain characters that change the direction of text", html, StringComparison.Ordinal);
        Assert.Empty(await Registry.ListConfidentialAsync(Tenant.OrganizationId, Cancel));
    }

    [Fact]
    public async Task SomeoneWhoIsNotAnAdmin_HasNoClientForms_AndPostingThemIs404()
    {
        string page = await Browser.OpenAsync("/settings/mcp", Coordinator);
        (OAuthClient? existing, _, _) = await Registry.CreateConfidentialAsync(Tenant.OrganizationId, "ChatGPT", ["https://chatgpt.com/cb"], Cancel);
        string csrf = SettingsBrowser.Csrf(page);

        using HttpResponseMessage create = await Browser.PostAsync("/settings/mcp/clients/create", [new("csrf", csrf), new("name", "Mine"), new("redirect_uris", "https://example.org/cb")]);
        using HttpResponseMessage delete = await Browser.PostAsync("/settings/mcp/clients/delete", [new("csrf", csrf), new("id", existing!.Id)]);

        Assert.DoesNotContain("/settings/mcp/clients/create", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"clients\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, create.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal([existing.Id], (await Registry.ListConfidentialAsync(Tenant.OrganizationId, Cancel)).Select(c => c.Id));
    }

    [Fact]
    public async Task AnAdmin_SeesOnlyTheirOrganizationsClients_AndCannotDeleteAnothers()
    {
        TestTenant other = await Server.CreateTenantAsync();
        (OAuthClient? theirs, _, _) = await Registry.CreateConfidentialAsync(other.OrganizationId, "Theirs", ["https://chatgpt.com/cb"], Cancel);
        (OAuthClient? ours, _, _) = await Registry.CreateConfidentialAsync(Tenant.OrganizationId, "Ours", ["https://chatgpt.com/cb"], Cancel);
        string page = await Browser.OpenAsync("/settings/mcp", Admin);

        using HttpResponseMessage delete = await Browser.PostAsync("/settings/mcp/clients/delete", [new("csrf", SettingsBrowser.Csrf(page)), new("id", theirs!.Id)]);

        Assert.Contains(ours!.Id, page, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.Id, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Single(await Registry.ListConfidentialAsync(other.OrganizationId, Cancel));
    }
}
