using FunctionsMcp.OAuth.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsMcp.Functions.Settings;

/// <summary>The settings page's access-key forms: create one (shown once), revoke one.</summary>
public static class AccessKeySettingsFunctions
{
    [Function("settings-key-create")]
    public static Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "settings/mcp/keys/create")] HttpRequest request) =>
        AccessKeysEndpoint.HandleCreateAsync(request.HttpContext);

    [Function("settings-key-revoke")]
    public static Task<IResult> Revoke([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "settings/mcp/keys/revoke")] HttpRequest request) =>
        AccessKeysEndpoint.HandleRevokeAsync(request.HttpContext);
}
