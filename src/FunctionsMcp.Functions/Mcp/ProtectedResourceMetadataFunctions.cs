using FunctionsMcp.Mcp.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsMcp.Functions.Mcp;

/// <summary>Protected resource metadata (RFC 9728) for <c>/mcp</c>, at the path-suffixed location and at the root one some clients probe.</summary>
public static class ProtectedResourceMetadataFunctions
{
    [Function("oauth-protected-resource-mcp")]
    public static Task<IResult> ForMcp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ".well-known/oauth-protected-resource/mcp")] HttpRequest request) =>
        ProtectedResourceMetadataEndpoint.HandleAsync(request.HttpContext);

    [Function("oauth-protected-resource")]
    public static Task<IResult> AtRoot(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ".well-known/oauth-protected-resource")] HttpRequest request) =>
        ProtectedResourceMetadataEndpoint.HandleAsync(request.HttpContext);
}
