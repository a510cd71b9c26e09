using System.Text.Json.Serialization;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.OAuth.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// Authorization server metadata (RFC 8414), served at the RFC 8414 location and at the OpenID configuration
/// location clients also probe, with the same content; and the JWKS our access tokens verify against. The issuer is
/// exactly <see cref="ServerOptions.Issuer"/>, the same string in every document and response. The document lists only
/// what this server accepts under its settings: with dynamic registration off there is no <c>registration_endpoint</c>,
/// with metadata documents off no <c>client_id_metadata_document_supported</c>, so clients pick a way that works.
/// </summary>
public static class AuthorizationServerMetadata
{
    public const string MetadataPath = "/.well-known/oauth-authorization-server";
    public const string OpenIdConfigurationPath = "/.well-known/openid-configuration";
    public const string JwksPath = "/.well-known/jwks.json";
    public const string AuthorizePath = "/authorize";
    public const string TokenPath = "/token";
    public const string RegisterPath = "/register";
    public const string RevokePath = "/revoke";

    /// <summary>The scope clients add to ask for refresh tokens; accepted, never required (refresh tokens are always issued).</summary>
    public const string OfflineAccess = "offline_access";

    /// <summary>The RFC 8414 document.</summary>
    public sealed record Document(
        [property: JsonPropertyName("issuer")] string Issuer,
        [property: JsonPropertyName("authorization_endpoint")] string AuthorizationEndpoint,
        [property: JsonPropertyName("token_endpoint")] string TokenEndpoint,
        [property: JsonPropertyName("registration_endpoint"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RegistrationEndpoint,
        [property: JsonPropertyName("revocation_endpoint")] string RevocationEndpoint,
        [property: JsonPropertyName("jwks_uri")] string JwksUri,
        [property: JsonPropertyName("scopes_supported")] IReadOnlyList<string> ScopesSupported,
        [property: JsonPropertyName("response_types_supported")] IReadOnlyList<string> ResponseTypesSupported,
        [property: JsonPropertyName("response_modes_supported")] IReadOnlyList<string> ResponseModesSupported,
        [property: JsonPropertyName("grant_types_supported")] IReadOnlyList<string> GrantTypesSupported,
        [property: JsonPropertyName("code_challenge_methods_supported")] IReadOnlyList<string> CodeChallengeMethodsSupported,
        [property: JsonPropertyName("token_endpoint_auth_methods_supported")] IReadOnlyList<string> TokenEndpointAuthMethodsSupported,
        [property: JsonPropertyName("token_endpoint_auth_signing_alg_values_supported")] IReadOnlyList<string> TokenEndpointAuthSigningAlgValuesSupported,
        [property: JsonPropertyName("revocation_endpoint_auth_methods_supported")] IReadOnlyList<string> RevocationEndpointAuthMethodsSupported,
        [property: JsonPropertyName("revocation_endpoint_auth_signing_alg_values_supported")] IReadOnlyList<string> RevocationEndpointAuthSigningAlgValuesSupported,
        [property: JsonPropertyName("client_id_metadata_document_supported"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ClientIdMetadataDocumentSupported,
        [property: JsonPropertyName("authorization_response_iss_parameter_supported")] bool AuthorizationResponseIssParameterSupported);

    public static Document For(ServerOptions server, OAuthClientOptions clients)
    {
        string issuer = server.Issuer;
        return new Document(
            issuer,
            issuer + AuthorizePath,
            issuer + TokenPath,
            clients.DynamicRegistration ? issuer + RegisterPath : null,
            issuer + RevokePath,
            issuer + JwksPath,
            [.. Scopes.All, OfflineAccess],
            ["code"],
            ["query"],
            ["authorization_code", "refresh_token"],
            ["S256"],
            ClientAuthMethods.All,
            ClientAuthMethods.AssertionAlgorithms,
            ClientAuthMethods.All,
            ClientAuthMethods.AssertionAlgorithms,
            ClientIdMetadataDocumentSupported: clients.MetadataDocuments ? true : null,
            AuthorizationResponseIssParameterSupported: true);
    }

    /// <summary>GET (and the CORS preflight) of the metadata document, at either of its locations.</summary>
    internal static Task<IResult> HandleDocumentAsync(HttpContext context) =>
        PublicCors.IsPreflight(context) ? PublicCors.PreflightAsync(context)
            : Task.FromResult<IResult>(GetDocument(context, context.Service<IOptions<ServerOptions>>(), context.Service<IOptions<OAuthClientOptions>>()));

    /// <summary>GET (and the CORS preflight) of the JWKS.</summary>
    internal static Task<IResult> HandleJwksAsync(HttpContext context) =>
        PublicCors.IsPreflight(context) ? PublicCors.PreflightAsync(context)
            : GetJwksAsync(context, context.Service<SigningKeys>(), context.RequestAborted);

    private static Ok<Document> GetDocument(HttpContext context, IOptions<ServerOptions> server, IOptions<OAuthClientOptions> clients)
    {
        PublicCors.Allow(context);
        return TypedResults.Ok(For(server.Value, clients.Value));
    }

    private static async Task<IResult> GetJwksAsync(HttpContext context, SigningKeys keys, CancellationToken cancellationToken)
    {
        PublicCors.Allow(context);
        context.Response.Headers.CacheControl = "public, max-age=300";
        IReadOnlyList<SigningKey> all = await keys.AllAsync(cancellationToken);
        return TypedResults.Ok(new { keys = all.Select(k => k.PublicJwk) });
    }
}
