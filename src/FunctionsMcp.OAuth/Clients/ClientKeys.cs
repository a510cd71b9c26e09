using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using FunctionsMcp.OAuth.Http;

namespace FunctionsMcp.OAuth.Clients;

/// <summary>
/// The public keys a <c>private_key_jwt</c> client signs its assertions with: its inline <c>jwks</c>, or the key set at
/// its <c>jwks_uri</c>, fetched through the same <see cref="PublicDocumentFetcher"/> as metadata documents (and so with
/// the same address rules, limits and cache).
/// </summary>
public sealed class ClientKeys(PublicDocumentFetcher fetcher)
{
    public const string What = "the client's key set (jwks_uri)";

    /// <summary>How old a cached key set may be before an unknown <c>kid</c> makes us fetch it again: clients rotate keys.</summary>
    public static readonly TimeSpan RefetchForUnknownKey = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The key <paramref name="client"/> names <paramref name="kid"/> (or its only signing key, when the assertion names
    /// none), or why there is none.
    /// </summary>
    public async Task<(JsonWebKey? Key, string? Error)> FindAsync(OAuthClient client, string? kid, CancellationToken cancellationToken)
    {
        (IReadOnlyList<JsonWebKey>? keys, string? error) = await GetAsync(client, refetchAfter: null, cancellationToken);
        if (keys is not null && Pick(keys, kid) is null && client.JwksUri is not null)
            (keys, error) = await GetAsync(client, RefetchForUnknownKey, cancellationToken);
        if (keys is null)
            return (null, error);
        return Pick(keys, kid) is { } key ? (key, null)
            : (null, kid is null ? "the client assertion names no key (kid) and the client has more than one" : $"the client assertion is signed with a key (kid '{BoundedText.Cut(kid, 101)}') the client does not publish");
    }

    private async Task<(IReadOnlyList<JsonWebKey>? Keys, string? Error)> GetAsync(OAuthClient client, TimeSpan? refetchAfter, CancellationToken cancellationToken)
    {
        if (client.Jwks is not null)
            return Read(JsonNode.Parse(client.Jwks)!.AsObject());
        if (client.JwksUri is null)
            return (null, "the client has no keys to check an assertion with");
        return await fetcher.GetAsync<IReadOnlyList<JsonWebKey>>(client.JwksUri, What, Read, cancellationToken, refetchAfter);
    }

    private static (IReadOnlyList<JsonWebKey>? Keys, string? Error) Read(JsonObject set) =>
        ClientKeySources.KeySetProblem(set) is { } problem
            ? (null, $"{What} {problem}")
            : (set["keys"]!.AsArray().Select(k => JsonWebKey.Create(k!.ToJsonString())).ToList(), null);

    private static JsonWebKey? Pick(IReadOnlyList<JsonWebKey> keys, string? kid) =>
        kid is null ? (keys.Count == 1 ? keys[0] : null) : keys.FirstOrDefault(k => string.Equals(k.Kid, kid, StringComparison.Ordinal));

}
