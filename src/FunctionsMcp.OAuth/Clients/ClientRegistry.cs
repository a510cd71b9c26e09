using System.Text.Json;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Tokens;
using Microsoft.Extensions.Options;
using FunctionsMcp.OAuth.Http;

namespace FunctionsMcp.OAuth.Clients;

/// <summary>A client looked up by <c>client_id</c>, or why there is none (an unknown client, or a document that failed).</summary>
public sealed record ClientLookup(OAuthClient? Client, string? Error)
{
    public static ClientLookup Unknown(string clientId) =>
        new(null, $"client '{BoundedText.Cut(clientId, 101)}' is not registered here (or its registration expired): register it again");
}

/// <summary>A refused registration: the RFC 7591 error code and a description a developer can act on.</summary>
public sealed record RegistrationError(string Error, string Description);

/// <summary>
/// Every way a client becomes known: dynamic registration (RFC 7591, public clients), metadata documents (a URL
/// as <c>client_id</c>), and confidential clients an admin creates. Finding a client by id covers all three; a
/// dynamic registration no user allowed within <see cref="OAuthClientOptions.UnusedRegistrationLifetime"/> is gone.
/// </summary>
public sealed class ClientRegistry(
    IClientStore store, ClientMetadataDocuments documents, RedirectUriPolicy redirects, GrantService grants, IOptions<OAuthClientOptions> options, TimeProvider time)
{
    public const int MaxRedirectUris = 10;
    public const string DynamicPrefix = "dyn_";
    public const string ConfidentialPrefix = "cc_";
    public const string SecretPrefix = "fmcs_";
    public const int MaxNameLength = 200;

    public async Task<ClientLookup> FindAsync(string? clientId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(clientId) || clientId.Length > 2000)
            return new ClientLookup(null, "client_id is missing");
        if (ClientMetadataDocuments.IsDocumentUrl(clientId))
        {
            if (!options.Value.MetadataDocuments)
                return new ClientLookup(null, "this server does not accept client metadata documents: register the client instead");
            (OAuthClient? fetched, string? error) = await documents.GetAsync(clientId, cancellationToken);
            return new ClientLookup(fetched, error);
        }

        OAuthClient? client = await store.GetAsync(clientId, cancellationToken);
        if (client is null || (client.Kind == ClientKind.Dynamic && client.LastUsedAt is null && time.GetUtcNow() - client.CreatedAt > options.Value.UnusedRegistrationLifetime))
            return ClientLookup.Unknown(clientId);
        return new ClientLookup(client, null);
    }

    /// <summary>Registers a public client from an RFC 7591 request body; unknown fields are ignored, as the RFC allows.</summary>
    public async Task<(OAuthClient? Client, JsonObject? Response, RegistrationError? Error)> RegisterAsync(JsonObject request, CancellationToken cancellationToken)
    {
        if (!options.Value.DynamicRegistration)
            return (null, null, new RegistrationError("access_denied", "dynamic client registration is turned off on this server: ask an administrator for a client id"));
        if (request["redirect_uris"] is not JsonArray uris || uris.Count == 0)
            return Invalid("invalid_redirect_uri", "redirect_uris is required: a list of 1 to 10 URIs");
        if (uris.Count > MaxRedirectUris || uris.Any(u => u?.GetValueKind() != JsonValueKind.String))
            return Invalid("invalid_redirect_uri", $"redirect_uris must be 1 to {MaxRedirectUris} strings");
        string[] redirectUris = [.. uris.Select(u => u!.GetValue<string>()).Distinct(StringComparer.Ordinal)];
        if (redirectUris.Select(redirects.Check).FirstOrDefault(e => e is not null) is { } refused)
            return Invalid("invalid_redirect_uri", refused);

        if (Field(request, "client_name", 200) is { Error: { } nameError })
            return Invalid("invalid_client_metadata", nameError);
        if (Field(request, "client_uri", 2000) is { Error: { } uriError })
            return Invalid("invalid_client_metadata", uriError);
        if (Strings(request, "grant_types") is { } grants && grants.Except(["authorization_code", "refresh_token"]).FirstOrDefault() is { } grant)
            return Invalid("invalid_client_metadata", $"grant type '{grant}' is not supported: use authorization_code and refresh_token");
        if (Strings(request, "response_types") is { } responses && responses.Except(["code"]).FirstOrDefault() is { } response)
            return Invalid("invalid_client_metadata", $"response type '{response}' is not supported: use code");

        // A client with keys signs assertions (private_key_jwt); every other asks for "none" whatever method it named:
        // a secret is never handed out here (RFC 7591 §3.2.1 lets the server choose).
        (string? jwksUri, string? jwks) = (null, null);
        if (Field(request, "token_endpoint_auth_method", 50).Value == ClientAuthMethods.PrivateKeyJwt)
        {
            (jwksUri, jwks, string? keysError) = ClientKeySources.Read(request, "the registration");
            if (keysError is not null)
                return Invalid("invalid_client_metadata", keysError);
        }

        string name = Field(request, "client_name", 200).Value ?? "Unnamed client";
        string? clientUri = Field(request, "client_uri", 2000).Value is { } home && home.StartsWith("https://", StringComparison.Ordinal) ? home : null;
        DateTimeOffset now = time.GetUtcNow();
        var client = new OAuthClient(DynamicPrefix + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)),
            ClientKind.Dynamic, name, redirectUris, clientUri, SecretHash: null, OrganizationId: null, now) { JwksUri = jwksUri, Jwks = jwks };
        await store.AddAsync(client, cancellationToken);

        var body = new JsonObject
        {
            ["client_id"] = client.Id,
            ["client_id_issued_at"] = now.ToUnixTimeSeconds(),
            ["client_name"] = client.Name,
            ["redirect_uris"] = new JsonArray([.. redirectUris.Select(u => (JsonNode)u)]),
            ["grant_types"] = new JsonArray("authorization_code", "refresh_token"),
            ["response_types"] = new JsonArray("code"),
            ["token_endpoint_auth_method"] = client.AuthMethod,
        };
        if (jwksUri is not null)
            body["jwks_uri"] = jwksUri;
        if (jwks is not null)
            body["jwks"] = JsonNode.Parse(jwks);
        if (clientUri is not null)
            body["client_uri"] = clientUri;
        if (Field(request, "scope", 1000).Value is { } scope)
            body["scope"] = scope;
        if (Field(request, "application_type", 20).Value is "native" or "web")
            body["application_type"] = request["application_type"]!.GetValue<string>();
        return (client, body, null);
    }

    /// <summary>Creates a confidential client for one organization. The secret is returned here once and stored only as a hash.</summary>
    public async Task<(OAuthClient? Client, string? Secret, string? Error)> CreateConfidentialAsync(
        string organizationId, string name, IReadOnlyList<string> redirectUris, CancellationToken cancellationToken)
    {
        if (DisplayName.Problem(name, MaxNameLength, "the client") is { } badName)
            return (null, null, badName);
        if (redirectUris.Count is 0 or > MaxRedirectUris)
            return (null, null, $"the client needs 1 to {MaxRedirectUris} redirect URIs");
        if (redirectUris.Select(redirects.CheckConfidential).FirstOrDefault(e => e is not null) is { } refused)
            return (null, null, refused);

        (string secret, string hash) = OpaqueSecret.Generate(SecretPrefix);
        var client = new OAuthClient(ConfidentialPrefix + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)),
            ClientKind.Confidential, name.Trim(), [.. redirectUris.Distinct(StringComparer.Ordinal)], null, hash, organizationId, time.GetUtcNow());
        await store.AddAsync(client, cancellationToken);
        return (client, secret, null);
    }

    public Task<IReadOnlyList<OAuthClient>> ListConfidentialAsync(string organizationId, CancellationToken cancellationToken) =>
        store.ListConfidentialAsync(organizationId, cancellationToken);

    /// <summary>
    /// Deletes one of the organization's confidential clients, so it can no longer sign anyone in or refresh a token, and
    /// revokes its connections, so the access tokens it holds stop too. Returns the client and the connections revoked;
    /// a null client when the organization has no such client (another organization's, or a public one, included).
    /// </summary>
    public async Task<(OAuthClient? Deleted, IReadOnlyList<Grant> Revoked)> DeleteConfidentialAsync(string organizationId, string clientId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(clientId, cancellationToken) is not { Kind: ClientKind.Confidential } client || client.OrganizationId != organizationId
            || !await store.DeleteAsync(clientId, cancellationToken))
            return (null, []);
        return (client, await grants.RevokeClientAsync(organizationId, userId: null, clientId, GrantService.ClientDeletedReason, cancellationToken));
    }

    /// <summary>
    /// How a list of connections names the app of a grant, and how the app became known, without fetching anything: the
    /// name recorded on the grant, or the registered client's, or a metadata document's host.
    /// </summary>
    public async Task<(string Name, ClientKind Kind)> DescribeAsync(string clientId, string? recordedName, CancellationToken cancellationToken)
    {
        if (ClientMetadataDocuments.IsDocumentUrl(clientId))
            return (recordedName ?? new Uri(clientId).Host, ClientKind.MetadataDocument);
        OAuthClient? client = await store.GetAsync(clientId, cancellationToken);
        return (recordedName ?? client?.Name ?? "An app no longer registered", client?.Kind ?? (clientId.StartsWith(ConfidentialPrefix, StringComparison.Ordinal) ? ClientKind.Confidential : ClientKind.Dynamic));
    }

    /// <summary>Notes that a user allowed the client (a dynamic registration that has been used never expires).</summary>
    public Task TouchAsync(OAuthClient client, CancellationToken cancellationToken) =>
        client.Kind == ClientKind.MetadataDocument ? Task.CompletedTask : store.TouchAsync(client.Id, time.GetUtcNow(), cancellationToken);

    private static (OAuthClient?, JsonObject?, RegistrationError?) Invalid(string error, string description) => (null, null, new RegistrationError(error, description));

    private static (string? Value, string? Error) Field(JsonObject request, string name, int max) => request[name] switch
    {
        null => (null, null),
        JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length <= max && !value.GetValue<string>().Any(char.IsControl)
            => (value.GetValue<string>(), null),
        _ => (null, $"{name} must be a string of at most {max} characters"),
    };

    private static string[]? Strings(JsonObject request, string name) =>
        request[name] is JsonArray array ? [.. array.Select(v => v?.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "?")] : null;
}
