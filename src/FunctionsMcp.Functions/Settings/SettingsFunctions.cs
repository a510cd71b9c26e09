using FunctionsMcp.OAuth.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsMcp.Functions.Settings;

/// <summary>
/// The settings pages people open in a browser: <c>/settings</c>, Settings → AI &amp; MCP at <c>/settings/mcp</c>, one key's
/// or app's activity, and signing out. Signed in with the same sign-in as <c>/authorize</c>, then a settings session cookie.
/// </summary>
public static class SettingsFunctions
{
    [Function("settings")]
    public static Task<IResult> Settings([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "settings")] HttpRequest request) =>
        SettingsEndpoint.HandleSettingsAsync(request.HttpContext);

    [Function("settings-mcp")]
    public static Task<IResult> Mcp([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "settings/mcp")] HttpRequest request) =>
        SettingsEndpoint.HandleMcpAsync(request.HttpContext);

    [Function("settings-activity")]
    public static Task<IResult> Activity([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "settings/mcp/activity")] HttpRequest request) =>
        ActivityEndpoint.HandleAsync(request.HttpContext);

    [Function("settings-signout")]
    public static Task<IResult> SignOut([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "settings/signout")] HttpRequest request) =>
        SettingsEndpoint.HandleSignOutAsync(request.HttpContext);
}
