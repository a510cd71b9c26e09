using System.Net;
using FunctionsMcp.OAuth.Audit;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Tests.Settings;

/// <summary>Connected AI apps (OAuth grants) on Settings → AI &amp; MCP: listed with their activity, and disconnected.</summary>
public sealed class SettingsConnectedAppTests(AzuriteFixture azurite) : SettingsTest(azurite)
{
    private async Task<IReadOnlyList<AuditEntry>> AuditedAsync(string credentialId, int count) =>
        await Protection.AuditTests.WaitForAsync(() => Server.Services.GetRequiredService<IAuditStore>().ReadCredentialAsync(credentialId, 10, Cancel), count);

    [Fact]
    public async Task AConnectedApp_IsListedWithItsActivity_AndDisconnectingItStopsItsTokensAtOnce()
    {
        (Grant grant, string accessToken, string refreshToken, string clientId) = await ConnectAppAsync(Browser, Coordinator, "Claude");
        Assert.Equal(HttpStatusCode.OK, await McpStatusAsync(accessToken));
        await AuditedAsync(grant.Id, 1);
        string page = await Browser.OpenAsync("/settings/mcp", Coordinator);
        string activity = await Browser.GetPageAsync($"/settings/mcp/activity?app={grant.Id}");

        using HttpResponseMessage disconnected = await Browser.SubmitAsync(page, "/settings/mcp/apps/disconnect", containing: $"disconnect-{grant.Id}");
        string after = await Browser.GetPageAsync(disconnected.Headers.Location!.OriginalString);

        Assert.Contains($"<tr id=\"app-{grant.Id}\"><td><strong>Claude</strong><br><span class=\"note\">registered itself</span></td>", page, StringComparison.Ordinal);
        Assert.Contains("Participants: read", page, StringComparison.Ordinal);
        Assert.Contains("<h1>Activity of Claude</h1>", activity, StringComparison.Ordinal);
        Assert.Contains("<td>tools/list</td><td>ok</td><td>200</td>", activity, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, disconnected.StatusCode);
        Assert.Contains("The app was disconnected", after, StringComparison.Ordinal);
        Assert.Contains("Disconnected apps (1)", after, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await McpStatusAsync(accessToken));
        System.Text.Json.Nodes.JsonNode refused = await Browser.OAuth.TokenAsync(
            new() { ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = refreshToken, ["resource"] = Server.McpUrl }, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", refused["error"]!.GetValue<string>());
        Assert.Equal(GrantService.DisconnectedReason, (await Grants.FindAsync(Tenant.OrganizationId, null, grant.Id, Cancel))!.RevokedReason);
    }

    [Fact]
    public async Task AnotherPersonsConnection_Is404_ToDisconnectOrToRead_AndKeepsWorking()
    {
        (Grant theirs, string accessToken, _, _) = await ConnectAppAsync(NewBrowser(), Worker);
        string page = await Browser.OpenAsync("/settings/mcp", Coordinator);

        using HttpResponseMessage disconnect = await Browser.PostAsync("/settings/mcp/apps/disconnect", [new("csrf", SettingsBrowser.Csrf(page)), new("id", theirs.Id)]);
        using HttpResponseMessage activity = await Browser.Http.GetAsync($"/settings/mcp/activity?app={theirs.Id}", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, disconnect.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, activity.StatusCode);
        Assert.DoesNotContain(theirs.Id, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await McpStatusAsync(accessToken));
    }

    [Fact]
    public async Task AnAdmin_SeesAndDisconnectsTheirOrganizationsConnections_ButNotAnothers()
    {
        TestTenant other = await Server.CreateTenantAsync();
        (Grant workers, string workerToken, _, _) = await ConnectAppAsync(NewBrowser(), Worker, "ChatGPT");
        (Grant foreign, string foreignToken, _, _) = await ConnectAppAsync(NewBrowser(), $"{other.OrganizationId}/{TestTenant.Coordinator}", "Elsewhere");
        string page = await Browser.OpenAsync("/settings/mcp", Admin);

        using HttpResponseMessage notOurs = await Browser.PostAsync("/settings/mcp/apps/disconnect", [new("csrf", SettingsBrowser.Csrf(page)), new("id", foreign.Id)]);
        using HttpResponseMessage disconnected = await Browser.SubmitAsync(page, "/settings/mcp/apps/disconnect", containing: $"disconnect-{workers.Id}");

        Assert.Contains($"<tr id=\"app-{workers.Id}\"><td><strong>ChatGPT</strong>", page, StringComparison.Ordinal);
        Assert.Contains("<td>W</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(foreign.Id, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, notOurs.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, disconnected.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await McpStatusAsync(workerToken));
        Assert.Equal(HttpStatusCode.OK, await McpStatusAsync(foreignToken));
        Assert.Equal(GrantService.AdministratorReason, (await Grants.FindAsync(Tenant.OrganizationId, null, workers.Id, Cancel))!.RevokedReason);
    }
}
