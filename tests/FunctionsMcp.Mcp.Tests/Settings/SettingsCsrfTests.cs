using System.Net;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Tests.Settings;

/// <summary>
/// Every form of the settings pages carries its session's CSRF token. Without it, with a wrong one, or with another
/// session's, the answer is a 400 page and storage is as it was.
/// </summary>
public sealed class SettingsCsrfTests(AzuriteFixture azurite) : SettingsTest(azurite)
{
    public static TheoryData<string, string> Forgeries()
    {
        var data = new TheoryData<string, string>();
        foreach (string form in new[] { "/settings/mcp/keys/create", "/settings/mcp/keys/revoke", "/settings/mcp/apps/disconnect",
            "/settings/mcp/clients/create", "/settings/mcp/clients/delete", "/settings/signout" })
        {
            foreach (string token in new[] { "missing", "wrong", "another session's" })
                data.Add(form, token);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task AFormWithoutItsSessionsCsrfToken_Is400_AndChangesNothing(string action, string token)
    {
        (SettingsBrowser admin, string page) = await SignedInAsync(Admin);
        CreatedAccessKey key = await Server.CreateKeyAsync(Tenant, TestTenant.Coordinator);
        (Grant grant, string accessToken, _, _) = await ConnectAppAsync(NewBrowser(), Coordinator);
        (OAuthClient? client, _, _) = await Server.Services.GetRequiredService<ClientRegistry>().CreateConfidentialAsync(
            Tenant.OrganizationId, "ChatGPT", ["https://chatgpt.com/connector_platform_oauth_redirect"], Cancel);
        (_, string otherPage) = await SignedInAsync(Admin);
        string forged = token switch
        {
            "missing" => string.Empty,
            "wrong" => new string('0', 64),
            _ => SettingsBrowser.Csrf(otherPage),
        };
        var fields = new List<KeyValuePair<string, string>>
        {
            new("name", "Forged"), new("scope", "participants:read"), new("expires", "never"), new("redirect_uris", "https://evil.example.org/cb"),
            new("id", action.Contains("keys", StringComparison.Ordinal) ? key.Key.Id : action.Contains("apps", StringComparison.Ordinal) ? grant.Id : client!.Id),
        };
        if (token != "missing")
            fields.Add(new("csrf", forged));

        using HttpResponseMessage response = await admin.PostAsync(action, fields);
        string html = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Nothing was changed", html, StringComparison.Ordinal);
        Assert.Equal([key.Key.Id], (await Keys.ListAsync(Tenant.OrganizationId, userId: null, Cancel)).Select(k => k.Id));
        Assert.Null((await Keys.FindAsync(Tenant.OrganizationId, null, key.Key.Id, Cancel))!.RevokedAt);
        Assert.Equal(HttpStatusCode.OK, await McpStatusAsync(key.Token));
        Assert.Equal(HttpStatusCode.OK, await McpStatusAsync(accessToken));
        Assert.Equal([client!.Id], (await Server.Services.GetRequiredService<ClientRegistry>().ListConfidentialAsync(Tenant.OrganizationId, Cancel)).Select(c => c.Id));
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/settings/mcp", Cancel)).StatusCode);
    }

    [Fact]
    public async Task EveryFormOnThePage_CarriesTheSessionsToken()
    {
        (SettingsBrowser admin, string page) = await SignedInAsync(Admin);
        await Server.CreateKeyAsync(Tenant, TestTenant.Admin);
        await ConnectAppAsync(admin, Admin);
        await Server.Services.GetRequiredService<ClientRegistry>().CreateConfidentialAsync(Tenant.OrganizationId, "ChatGPT", ["https://chatgpt.com/cb"], Cancel);
        page = await admin.GetPageAsync("/settings/mcp");
        string csrf = SettingsBrowser.Csrf(page);

        string[] forms = [.. System.Text.RegularExpressions.Regex.Matches(page, "<form [^>]*>.*?</form>", System.Text.RegularExpressions.RegexOptions.Singleline).Select(m => m.Value)];

        Assert.True(forms.Length >= 6, $"{forms.Length} forms");
        Assert.All(forms, form => Assert.Contains($"""<input type="hidden" name="csrf" value="{csrf}">""", form, StringComparison.Ordinal));
        Assert.Equal(64, csrf.Length);
    }
}
