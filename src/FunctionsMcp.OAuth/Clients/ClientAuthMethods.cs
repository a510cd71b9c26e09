namespace FunctionsMcp.OAuth.Clients;

/// <summary>How a client authenticates at the token and revocation endpoints (RFC 7591 §2 <c>token_endpoint_auth_method</c>).</summary>
public static class ClientAuthMethods
{
    /// <summary>A public client: it names itself and proves nothing beyond PKCE.</summary>
    public const string None = "none";

    /// <summary>A secret in an HTTP Basic header (RFC 6749 §2.3.1).</summary>
    public const string ClientSecretBasic = "client_secret_basic";

    /// <summary>A secret in the form (RFC 6749 §2.3.1).</summary>
    public const string ClientSecretPost = "client_secret_post";

    /// <summary>A JWT signed with the client's private key (RFC 7523 §2.2, OpenID Connect Core §9).</summary>
    public const string PrivateKeyJwt = "private_key_jwt";

    /// <summary>Every method this server accepts, as its metadata advertises them.</summary>
    public static readonly IReadOnlyList<string> All = [None, ClientSecretBasic, ClientSecretPost, PrivateKeyJwt];

    /// <summary>The <c>client_assertion_type</c> of a JWT client assertion (RFC 7523 §2.2).</summary>
    public const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>The signing algorithms a client assertion may use: asymmetric only, so a published key can never be the secret.</summary>
    public static readonly IReadOnlyList<string> AssertionAlgorithms = ["RS256", "PS256", "ES256"];
}
