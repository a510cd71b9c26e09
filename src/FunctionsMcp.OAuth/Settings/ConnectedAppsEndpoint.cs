using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FunctionsMcp.OAuth.Settings;

/// <summary>
/// Disconnecting an app from the settings page, through <see cref="GrantService"/> like <c>grants revoke</c>: the grant is
/// revoked, so every access and refresh token of it stops on its next use. The grant's own person may disconnect it, and
/// an admin any of the organization's; any other id is "not found" (it must not tell that the grant exists).
/// </summary>
internal static class ConnectedAppsEndpoint
{
    /// <summary>POST <c>/settings/mcp/apps/disconnect</c>: <c>id</c>.</summary>
    public static async Task<IResult> HandleDisconnectAsync(HttpContext context)
    {
        (SettingsVisitor? visitor, IFormCollection? form, IResult? instead) = await SettingsGate.FormAsync(context);
        if (visitor is null)
            return instead!;
        string id = form!["id"].ToString();
        Grant? grant = await context.Service<GrantService>().FindAsync(visitor.OrganizationId, visitor.Owner, id, context.RequestAborted);
        string reason = grant?.UserId == visitor.User.Id ? GrantService.DisconnectedReason : GrantService.AdministratorReason;
        if (grant is null || await context.Service<GrantService>().RevokeAsync(visitor.OrganizationId, visitor.Owner, id, reason, context.RequestAborted) is null)
            return SettingsPage.Message(context, "Not found", "There is no such connected app among the ones you can manage. Nothing was changed.", StatusCodes.Status404NotFound);
        ILogger logger = SettingsGate.Logger(context);
        Log.SettingsAppDisconnected(logger, visitor.OrganizationId, visitor.User.Id, grant.Id);
        return SettingsPage.SeeOther(context, McpSettingsPage.Done("app-disconnected") + "#apps");
    }
}
