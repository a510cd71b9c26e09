using System.Security.Cryptography;
using System.Text.Json;
using FunctionsMcp.Tests.Common;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FunctionsMcp.OAuth.Tests.Authorization.Entra;

/// <summary>
/// What Entra publishes for a multi-tenant ("organizations") app, served over https on loopback: the v2.0 and v1.0 OpenID
/// metadata (issuer templates with <c>{tenantid}</c>) and the key set, plus ID tokens signed with those keys. One key is
/// shared by every tenant; the other is published for <see cref="KeyOwner"/> alone, as Entra does for app-specific keys.
/// </summary>
internal sealed class EntraDocuments : IAsyncDisposable
{
    public const string ClientId = "11111111-2222-3333-4444-555555555555";
    public const string SharedKey = "shared";
    public const string TenantKey = "tenant-own";
    private readonly HttpsDocumentHost _host;
    private readonly Dictionary<string, RSA> _keys = new(StringComparer.Ordinal) { [SharedKey] = RSA.Create(2048), [TenantKey] = RSA.Create(2048) };

    private EntraDocuments(HttpsDocumentHost host, string keyOwner)
    {
        _host = host;
        KeyOwner = keyOwner;
    }

    /// <summary>The tenant the tenant-only key is published for.</summary>
    public string KeyOwner { get; }

    /// <summary>What <c>Entra:Instance</c> is set to.</summary>
    public string Instance => _host.Url("/");

    /// <summary>Serves the documents; <paramref name="keysNameTheirIssuer"/> says whether each key names the issuer it signs for (Entra's v2.0 keys do).</summary>
    public static async Task<EntraDocuments> StartAsync(string keyOwner, bool keysNameTheirIssuer, CancellationToken cancellationToken)
    {
        var documents = new EntraDocuments(await HttpsDocumentHost.StartAsync(cancellationToken), keyOwner);
        documents.Publish(keysNameTheirIssuer);
        return documents;
    }

    /// <summary>The v2.0 issuer of <paramref name="tenant"/>, as Entra writes it.</summary>
    public string Issuer(string tenant) => _host.Url($"/{tenant}/v2.0");

    /// <summary>The v1.0 issuer of <paramref name="tenant"/> (Entra's is on sts.windows.net; the shape is what matters).</summary>
    public string V1Issuer(string tenant) => _host.Url($"/{tenant}/");

    /// <summary>A client that trusts this loopback host's self-signed certificate (tests only ever point it here).</summary>
    public static HttpClient Client() => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (request, _, _, _) => request.RequestUri?.IsLoopback == true,
    });

    /// <summary>An ID token for <paramref name="tenant"/>; by default as Entra's v2.0 endpoint would issue it at <paramref name="now"/>.</summary>
    public string IdToken(string tenant, DateTimeOffset now, string nonce, string? issuer = null, string key = SharedKey, string audience = ClientId) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer(tenant),
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.UtcDateTime.AddHours(1),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_keys[key]) { KeyId = key }, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["tid"] = tenant,
                ["oid"] = Guid.NewGuid().ToString(),
                ["nonce"] = nonce,
                ["ver"] = issuer is not null && !issuer.EndsWith("/v2.0", StringComparison.Ordinal) ? "1.0" : "2.0",
            },
        });

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        foreach (RSA key in _keys.Values)
            key.Dispose();
    }

    private void Publish(bool keysNameTheirIssuer)
    {
        string keySet = JsonSerializer.Serialize(new
        {
            keys = _keys.Select(k => Jwk(k.Key, k.Value, !keysNameTheirIssuer ? null : k.Key == TenantKey ? Issuer(KeyOwner) : Issuer("{tenantid}"))),
        });
        _host.Serve("/organizations/discovery/v2.0/keys", keySet);
        _host.Serve("/organizations/v2.0/.well-known/openid-configuration", Metadata(Issuer("{tenantid}"), "/organizations/discovery/v2.0/keys"));
        _host.Serve("/common/discovery/keys", keySet);
        _host.Serve("/common/.well-known/openid-configuration", Metadata(V1Issuer("{tenantid}"), "/common/discovery/keys"));
    }

    private string Metadata(string issuer, string keysPath) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["issuer"] = issuer,
        ["authorization_endpoint"] = _host.Url("/organizations/oauth2/v2.0/authorize"),
        ["token_endpoint"] = _host.Url("/organizations/oauth2/v2.0/token"),
        ["jwks_uri"] = _host.Url(keysPath),
        ["response_types_supported"] = (string[])["code"],
        ["subject_types_supported"] = (string[])["pairwise"],
        ["id_token_signing_alg_values_supported"] = (string[])["RS256"],
    });

    private static Dictionary<string, string> Jwk(string kid, RSA key, string? issuer)
    {
        RSAParameters p = key.ExportParameters(false);
        var jwk = new Dictionary<string, string>
        {
            ["kty"] = "RSA", ["use"] = "sig", ["kid"] = kid, ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
        };
        if (issuer is not null)
            jwk["issuer"] = issuer;
        return jwk;
    }
}
