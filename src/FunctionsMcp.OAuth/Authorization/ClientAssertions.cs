using FunctionsMcp.OAuth.Clients;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using FunctionsMcp.OAuth.Http;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// Checks a <c>private_key_jwt</c> client assertion (RFC 7523 §2.2 and §3, as OpenID Connect Core §9 uses it):
/// <list type="number">
/// <item>a JWS signed with RS256, PS256 or ES256 (never <c>none</c> or an HMAC, whose "secret" could be a published key);</item>
/// <item><c>iss</c> and <c>sub</c> both the client id;</item>
/// <item>the key chosen by <c>kid</c> from that client's own key set, and the signature valid under it;</item>
/// <item><c>aud</c> our issuer or our token endpoint;</item>
/// <item><c>exp</c> in the future but at most <see cref="MaxLifetime"/> ahead, <c>iat</c>/<c>nbf</c> not in the future (with <see cref="ClockSkew"/>);</item>
/// <item><c>jti</c> used once until it expires, remembered in storage so another instance refuses a replay too.</item>
/// </list>
/// </summary>
public sealed class ClientAssertions(ClientKeys keys, IAuthorizationStateStore state, IOptions<ServerOptions> server, TimeProvider time)
{
    public const int MaxLength = 8 * 1024;
    public const int MaxJtiLength = 200;
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);
    private static readonly JsonWebTokenHandler s_handler = new();

    /// <summary>The client id an assertion claims to come from (<c>iss</c>), read without trusting it; null when it is not a JWT.</summary>
    public static string? ClaimedClientId(string assertion) => Read(assertion)?.Issuer is { Length: > 0 } issuer ? issuer : null;

    /// <summary>Null when <paramref name="assertion"/> proves it comes from <paramref name="client"/>; otherwise why not, in one sentence.</summary>
    public async Task<string?> CheckAsync(OAuthClient client, string assertion, CancellationToken cancellationToken)
    {
        if (assertion.Length > MaxLength || Read(assertion) is not { } jwt)
            return "client_assertion is not a signed JWT";
        if (!ClientAuthMethods.AssertionAlgorithms.Contains(jwt.Alg))
            return $"the client assertion is signed with '{BoundedText.Cut(jwt.Alg ?? string.Empty, 41)}': use {string.Join(", ", ClientAuthMethods.AssertionAlgorithms)}";
        if (jwt.Issuer != client.Id || jwt.Subject != client.Id)
            return "the client assertion's iss and sub must both be the client_id";
        string issuer = server.Value.Issuer;
        string[] audiences = [issuer, issuer + AuthorizationServerMetadata.TokenPath];
        if (!jwt.Audiences.Any(audiences.Contains))
            return $"the client assertion's aud must be this server's issuer ({issuer}) or token endpoint";

        (JsonWebKey? key, string? keyError) = await keys.FindAsync(client, string.IsNullOrEmpty(jwt.Kid) ? null : jwt.Kid, cancellationToken);
        if (key is null)
            return keyError;
        TokenValidationResult result = await s_handler.ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            ValidIssuer = client.Id,
            ValidAudiences = audiences,
            IssuerSigningKey = key,
            ValidAlgorithms = [.. ClientAuthMethods.AssertionAlgorithms],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            // Lifetime is checked below against the injected clock.
            ValidateLifetime = false,
        });
        if (!result.IsValid)
            return "the client assertion's signature does not verify with the client's key";

        if (LifetimeProblem(jwt) is { } lifetime)
            return lifetime;
        if (jwt.Id is not { Length: > 0 and <= MaxJtiLength } jti)
            return $"the client assertion needs a jti (a unique id of at most {MaxJtiLength} characters)";
        return await state.UseAssertionIdAsync(client.Id, jti, jwt.ValidTo + ClockSkew, time.GetUtcNow(), cancellationToken)
            ? null
            : "the client assertion was already used (its jti was seen before): sign a new one for every request";
    }

    private string? LifetimeProblem(JsonWebToken jwt)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (!jwt.TryGetPayloadValue(JwtRegisteredClaimNames.Exp, out long _))
            return "the client assertion needs an exp";
        DateTimeOffset expires = jwt.ValidTo;
        if (now - ClockSkew >= expires)
            return "the client assertion has expired: sign a new one";
        if (expires > now + MaxLifetime + ClockSkew)
            return $"the client assertion's exp is too far ahead: at most {MaxLifetime.TotalMinutes:0} minutes";
        if (jwt.TryGetPayloadValue(JwtRegisteredClaimNames.Iat, out long _) && jwt.IssuedAt > now + ClockSkew)
            return "the client assertion's iat is in the future: check the client's clock";
        if (jwt.TryGetPayloadValue(JwtRegisteredClaimNames.Nbf, out long _) && jwt.ValidFrom > now + ClockSkew)
            return "the client assertion is not valid yet (nbf)";
        return null;
    }

    private static JsonWebToken? Read(string assertion)
    {
        try
        {
            return new JsonWebToken(assertion);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenMalformedException)
        {
            return null;
        }
    }
}
