using FunctionsMcp.OAuth.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsMcp.Functions.OAuth;

/// <summary>Authorization server metadata (RFC 8414) at its two locations, and the JWKS; OPTIONS for browser clients' preflights.</summary>
public static class AuthorizationServerMetadataFunctions
{
    [Function("oauth-authorization-server")]
    public static Task<IResult> Metadata(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = ".well-known/oauth-authorization-server")] HttpRequest request) =>
        AuthorizationServerMetadata.HandleDocumentAsync(request.HttpContext);

    [Function("openid-configuration")]
    public static Task<IResult> OpenIdConfiguration(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = ".well-known/openid-configuration")] HttpRequest request) =>
        AuthorizationServerMetadata.HandleDocumentAsync(request.HttpContext);

    [Function("jwks")]
    public static Task<IResult> Jwks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = ".well-known/jwks.json")] HttpRequest request) =>
        AuthorizationServerMetadata.HandleJwksAsync(request.HttpContext);
}
