using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FunctionsMcp.Mcp.Tests.Authorization;

/// <summary>
/// A client's real signing key (RSA for RS256/PS256, or P-256 for ES256): its public JWKS, and client assertions
/// (RFC 7523 §2.2) signed with it, correct by default and bent one claim at a time by the tests.
/// </summary>
public sealed class ClientKeyPair : IDisposable
{
    private readonly AsymmetricAlgorithm _key;
    private readonly SecurityKey _signingKey;

    private ClientKeyPair(AsymmetricAlgorithm key, SecurityKey signingKey, string kid)
    {
        _key = key;
        _signingKey = signingKey;
        Kid = kid;
        _signingKey.KeyId = kid;
    }

    public string Kid { get; }

    public static ClientKeyPair Rsa(string kid = "rsa-1")
    {
        var rsa = RSA.Create(2048);
        return new ClientKeyPair(rsa, new RsaSecurityKey(rsa), kid);
    }

    public static ClientKeyPair EllipticCurve(string kid = "ec-1")
    {
        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new ClientKeyPair(ec, new ECDsaSecurityKey(ec), kid);
    }

    /// <summary>The public key as a JWKS, as a client publishes it (no private part).</summary>
    public JsonObject Jwks()
    {
        JsonWebKey jwk = _key is RSA ? JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(((RSA)_key).ExportParameters(false)))
            : JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(((ECDsa)_key).ExportParameters(false))));
        var key = new JsonObject { ["kty"] = jwk.Kty, ["kid"] = Kid, ["use"] = "sig" };
        foreach ((string name, string? value) in new[] { ("n", jwk.N), ("e", jwk.E), ("crv", jwk.Crv), ("x", jwk.X), ("y", jwk.Y) })
        {
            if (value is not null)
                key[name] = value;
        }

        return new JsonObject { ["keys"] = new JsonArray(key) };
    }

    /// <summary>One JWKS holding the public keys of <paramref name="pairs"/> (a client rotating its keys).</summary>
    public static JsonObject Set(params ClientKeyPair[] pairs) =>
        new() { ["keys"] = new JsonArray([.. pairs.SelectMany(p => p.Jwks()["keys"]!.AsArray().Select(k => k!.DeepClone()))]) };

    /// <summary>A signed assertion from <paramref name="clientId"/> to <paramref name="audience"/>, issued at <paramref name="now"/>.</summary>
    public string Assertion(string clientId, string audience, DateTimeOffset now, string? algorithm = null, TimeSpan? lifetime = null,
        string? jti = null, string? kid = null, string? subject = null)
    {
        SecurityKey signingKey = _signingKey;
        if (kid is not null)
        {
            signingKey = _key is RSA rsa ? new RsaSecurityKey(rsa) : new ECDsaSecurityKey((ECDsa)_key);
            signingKey.KeyId = kid;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject ?? clientId), new Claim("jti", jti ?? Guid.NewGuid().ToString("N"))]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + (lifetime ?? TimeSpan.FromMinutes(5))).UtcDateTime,
            SigningCredentials = new SigningCredentials(signingKey, algorithm ?? (_key is RSA ? SecurityAlgorithms.RsaSha256 : SecurityAlgorithms.EcdsaSha256)),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsigned JWT (<c>alg: none</c>) with the claims a good assertion would have.</summary>
    public static string WithoutSignature(string clientId, string audience, DateTimeOffset now) =>
        $"{Segment(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" })}.{Segment(Claims(clientId, audience, now))}.";

    /// <summary>
    /// An HS256 JWT whose HMAC secret is this client's public key as published: the algorithm-confusion forgery anyone
    /// who read the JWKS could make.
    /// </summary>
    public string SignedWithPublicKeyAsSecret(string clientId, string audience, DateTimeOffset now)
    {
        byte[] secret = Encoding.UTF8.GetBytes(Jwks().ToJsonString());
        string signingInput = $"{Segment(new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = Kid })}.{Segment(Claims(clientId, audience, now))}";
        return signingInput + "." + OAuthBrowser.Base64Url(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput)));
    }

    public void Dispose() => _key.Dispose();

    private static JsonObject Claims(string clientId, string audience, DateTimeOffset now) => new()
    {
        ["iss"] = clientId, ["sub"] = clientId, ["aud"] = audience, ["jti"] = Guid.NewGuid().ToString("N"),
        ["iat"] = now.ToUnixTimeSeconds(), ["exp"] = (now + TimeSpan.FromMinutes(5)).ToUnixTimeSeconds(),
    };

    private static string Segment(JsonObject json) => OAuthBrowser.Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
