using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunctionsMcp.OAuth.Clients;

/// <summary>
/// Client ID Metadata Documents: a <c>client_id</c> that is an https URL names a JSON document describing the client,
/// fetched through the <see cref="PublicDocumentFetcher"/> (SSRF protection, limits, caching). The document must name
/// itself as <c>client_id</c> and redirect URIs the <see cref="RedirectUriPolicy"/> accepts. It describes a public
/// client (<c>none</c>) or one that signs client assertions (<c>private_key_jwt</c>, RFC 7523) with the keys of its
/// <c>jwks_uri</c> or <c>jwks</c>; shared secrets cannot be published in a document and are refused.
/// </summary>
public sealed class ClientMetadataDocuments(PublicDocumentFetcher fetcher, RedirectUriPolicy redirects, TimeProvider time)
{
    public const string What = "the client metadata document";

    /// <summary>True when <paramref name="clientId"/> has the shape of a metadata document URL (https with a path).</summary>
    public static bool IsDocumentUrl(string? clientId) =>
        clientId is not null && clientId.StartsWith("https://", StringComparison.Ordinal)
        && Uri.TryCreate(clientId, UriKind.Absolute, out Uri? uri) && uri.AbsolutePath.Length > 1;

    /// <summary>The client the document at <paramref name="url"/> describes, or why it cannot be used.</summary>
    public Task<(OAuthClient? Client, string? Error)> GetAsync(string url, CancellationToken cancellationToken) =>
        fetcher.GetAsync(url, What, document => Parse(url, document), cancellationToken);

    private (OAuthClient? Client, string? Error) Parse(string url, JsonObject document)
    {
        if (Text(document, "client_id") != url)
            return (null, $"the client metadata document at {url} names a different client_id");
        (string? jwksUri, string? jwks) = (null, null);
        string method = Text(document, "token_endpoint_auth_method") ?? ClientAuthMethods.None;
        if (method == ClientAuthMethods.PrivateKeyJwt && ClientKeySources.Read(document, $"{What} at {url}") is var keys)
        {
            if (keys.Error is not null)
                return (null, keys.Error);
            (jwksUri, jwks) = (keys.JwksUri, keys.Jwks);
        }
        else if (method != ClientAuthMethods.None)
        {
            return (null, $"{What} at {url} asks for '{method}'; documents describe public clients ('none') or clients that sign assertions with their own keys ('private_key_jwt')");
        }

        if (document["redirect_uris"] is not JsonArray uris || uris.Count is 0 or > 10 || uris.Any(u => u?.GetValueKind() != JsonValueKind.String))
            return (null, $"the client metadata document at {url} needs redirect_uris: 1 to 10 URIs");
        string[] redirectUris = [.. uris.Select(u => u!.GetValue<string>())];
        if (redirectUris.Select(redirects.Check).FirstOrDefault(e => e is not null) is { } refused)
            return (null, refused);

        string name = Text(document, "client_name") is { Length: > 0 and <= 200 } given ? given : new Uri(url).Host;
        string? clientUri = Text(document, "client_uri") is { Length: <= 2000 } home && home.StartsWith("https://", StringComparison.Ordinal) ? home : null;
        return (new OAuthClient(url, ClientKind.MetadataDocument, name, redirectUris, clientUri, SecretHash: null, OrganizationId: null, time.GetUtcNow())
        {
            JwksUri = jwksUri,
            Jwks = jwks,
        }, null);
    }

    private static string? Text(JsonObject document, string name) =>
        document[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
