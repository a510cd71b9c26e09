using FunctionsMcp.OAuth.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsMcp.Functions.Settings;

/// <summary>The settings page's form that disconnects an app (revokes an OAuth grant).</summary>
public static class ConnectedAppSettingsFunctions
{
    [Function("settings-app-disconnect")]
    public static Task<IResult> Disconnect([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "settings/mcp/apps/disconnect")] HttpRequest request) =>
        ConnectedAppsEndpoint.HandleDisconnectAsync(request.HttpContext);
}
