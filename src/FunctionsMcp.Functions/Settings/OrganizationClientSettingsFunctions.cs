using FunctionsMcp.OAuth.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsMcp.Functions.Settings;

/// <summary>An admin's settings forms for the organization's confidential OAuth clients: create one (secret shown once), delete one.</summary>
public static class OrganizationClientSettingsFunctions
{
    [Function("settings-client-create")]
    public static Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "settings/mcp/clients/create")] HttpRequest request) =>
        OrganizationClientsEndpoint.HandleCreateAsync(request.HttpContext);

    [Function("settings-client-delete")]
    public static Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "settings/mcp/clients/delete")] HttpRequest request) =>
        OrganizationClientsEndpoint.HandleDeleteAsync(request.HttpContext);
}
