using System.Text.Json.Serialization;
using FunctionsMcp.OAuth;
using FunctionsMcp.OAuth.Http;
using FunctionsMcp.OAuth.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Mcp.Auth;

/// <summary>
/// OAuth 2.0 Protected Resource Metadata (RFC 9728 §3) for the <c>/mcp</c> resource, served at the
/// path-suffixed location the spec requires (<c>/.well-known/oauth-protected-resource/mcp</c>) and at the
/// root location some clients probe. <c>resource</c> is exactly the MCP URL, without a trailing slash.
/// </summary>
internal static class ProtectedResourceMetadataEndpoint
{
    public const string RootPath = "/.well-known/oauth-protected-resource";
    public const string ResourcePath = RootPath + "/mcp";

    /// <summary>The metadata document (RFC 9728 §2).</summary>
    internal sealed record Metadata(
        [property: JsonPropertyName("resource")] string Resource,
        [property: JsonPropertyName("authorization_servers")] IReadOnlyList<string> AuthorizationServers,
        [property: JsonPropertyName("scopes_supported")] IReadOnlyList<string> ScopesSupported,
        [property: JsonPropertyName("bearer_methods_supported")] IReadOnlyList<string> BearerMethodsSupported,
        [property: JsonPropertyName("resource_name")] string ResourceName);

    /// <summary>GET of the metadata, at either of its locations.</summary>
    public static Task<IResult> HandleAsync(HttpContext context) => Task.FromResult<IResult>(Get(context, context.Service<IOptions<ServerOptions>>()));

    private static Ok<Metadata> Get(HttpContext context, IOptions<ServerOptions> server)
    {
        // Browser-based clients (the Inspector's web UI) read this cross-origin; it holds nothing private.
        context.Response.Headers.AccessControlAllowOrigin = "*";
        ServerOptions options = server.Value;
        return TypedResults.Ok(new Metadata(options.McpResource, [options.Issuer], Scopes.All, ["header"], "FunctionsMcp"));
    }
}
