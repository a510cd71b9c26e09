using FunctionsMcp.Mcp;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsMcp.Functions.Mcp;

/// <summary>
/// <c>/mcp</c>, the MCP endpoint (streamable HTTP, stateless). GET, DELETE, PUT and PATCH are listed so the endpoint can
/// answer 405 with <c>Allow: POST</c>: the Functions host answers 404 for a method no function lists.
/// </summary>
public static class McpFunction
{
    [Function("mcp")]
    public static Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "get", "delete", "put", "patch", Route = "mcp")] HttpRequest request) =>
        McpEndpointExtensions.HandleMcpAsync(request.HttpContext);
}
