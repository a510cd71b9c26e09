using FunctionsMcp.OAuth.Authorization;

namespace FunctionsMcp.OAuth.Clients;

/// <summary>How a client came to be known.</summary>
public enum ClientKind
{
    /// <summary>Registered by the client itself (RFC 7591); public, no secret.</summary>
    Dynamic,

    /// <summary>Its <c>client_id</c> is the https URL of its metadata document (CIMD); public, no secret.</summary>
    MetadataDocument,

    /// <summary>Created by an organization's admin with the CLI; has a secret, shown once and stored hashed.</summary>
    Confidential,
}

/// <summary>An OAuth client that may ask users for access.</summary>
/// <param name="Id">The <c>client_id</c>: <c>dyn_…</c>, <c>cc_…</c>, or the metadata document URL.</param>
/// <param name="Kind">How it was registered.</param>
/// <param name="Name">What the consent page calls it.</param>
/// <param name="RedirectUris">Where codes may be sent, matched exactly (loopback URIs: any port).</param>
/// <param name="ClientUri">The client's home page, if it gave one.</param>
/// <param name="SecretHash">The hex SHA-256 of a confidential client's secret (see <see cref="Tokens.OpaqueSecret"/>); null for public clients.</param>
/// <param name="OrganizationId">A confidential client's organization: only its users may use it. Null for public clients.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="LastUsedAt">When a user last allowed it; a dynamic client never allowed expires.</param>
public sealed record OAuthClient(
    string Id,
    ClientKind Kind,
    string Name,
    IReadOnlyList<string> RedirectUris,
    string? ClientUri,
    string? SecretHash,
    string? OrganizationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt = null)
{
    /// <summary>Where a <c>private_key_jwt</c> client publishes its keys (an https URL); null for other clients.</summary>
    public string? JwksUri { get; init; }

    /// <summary>A <c>private_key_jwt</c> client's keys given inline (a JWKS as JSON); null for other clients.</summary>
    public string? Jwks { get; init; }

    /// <summary>
    /// How it authenticates at <c>/token</c> and <c>/revoke</c>: confidential clients with their secret, clients with
    /// keys with a signed assertion, the rest (public clients) with nothing.
    /// </summary>
    public string AuthMethod => Kind == ClientKind.Confidential ? ClientAuthMethods.ClientSecretBasic
        : JwksUri is not null || Jwks is not null ? ClientAuthMethods.PrivateKeyJwt
        : ClientAuthMethods.None;

    public bool IsPublic => AuthMethod == ClientAuthMethods.None;
}

/// <summary>Where registered clients are kept (dynamic and confidential; metadata-document clients are fetched, not stored).</summary>
public interface IClientStore
{
    Task AddAsync(OAuthClient client, CancellationToken cancellationToken);

    Task<OAuthClient?> GetAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>Confidential clients of one organization.</summary>
    Task<IReadOnlyList<OAuthClient>> ListConfidentialAsync(string organizationId, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string clientId, CancellationToken cancellationToken);

    Task TouchAsync(string clientId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes at most <paramref name="max"/> dynamic registrations no user ever allowed (no <see cref="OAuthClient.LastUsedAt"/>)
    /// made before <paramref name="registeredBefore"/>: expired, and already refused by <see cref="ClientRegistry"/>.
    /// A client allowed meanwhile is kept; returns how many this call deleted (concurrent runs delete each once), or with
    /// <see cref="PruneMode.Count"/> how many it would delete.
    /// </summary>
    Task<int> DeleteUnclaimedAsync(DateTimeOffset registeredBefore, int max, PruneMode mode, CancellationToken cancellationToken);
}
