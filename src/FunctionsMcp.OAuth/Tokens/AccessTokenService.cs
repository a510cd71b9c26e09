using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FunctionsMcp.OAuth.Tokens;

/// <summary>An access token just issued, and when it stops working.</summary>
public sealed record IssuedAccessToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// Issues and checks our access tokens: RS256 JWTs (RFC 9068 <c>at+jwt</c>) whose audience is the <c>/mcp</c> URL,
/// naming the organization, user, client, grant and scopes. A check verifies signature, issuer, audience and
/// lifetime, then reads the grant on every request, so disconnecting a grant stops the token on its very next request; the
/// user and the organization come from <see cref="IdentityCache"/>, so disabling a user, narrowing a role or suspending an
/// organization stops it within that bound.
/// </summary>
public sealed class AccessTokenService(
    SigningKeys keys,
    IGrantStore grants,
    IIdentityStore identities,
    IdentityCache standing,
    IOptions<ServerOptions> server,
    IOptions<OAuthOptions> options,
    TimeProvider time) : ICredentialAuthenticator
{
    public const string TokenType = "at+jwt";
    private const string Invalid = "The access token is not valid.";
    private static readonly TimeSpan s_clockSkew = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_touchInterval = TimeSpan.FromMinutes(1);
    private static readonly JsonWebTokenHandler s_handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Signs an access token for <paramref name="grant"/> carrying <paramref name="scopes"/> (at most the grant's).</summary>
    public async Task<IssuedAccessToken> IssueAsync(Grant grant, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        SigningKey key = await keys.CurrentAsync(cancellationToken);
        DateTimeOffset now = time.GetUtcNow();
        DateTimeOffset expires = now + options.Value.AccessTokenLifetime;
        string token = s_handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = server.Value.Issuer,
            Audience = server.Value.McpResource,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            TokenType = TokenType,
            SigningCredentials = new SigningCredentials(key.SecurityKey, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = grant.UserId,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                [ClaimNames.Organization] = grant.OrganizationId,
                [ClaimNames.ClientId] = grant.ClientId,
                [ClaimNames.GrantId] = grant.Id,
                [ClaimNames.Scope] = Scopes.Format(Scopes.Normalize(scopes.Intersect(grant.Scopes, StringComparer.Ordinal))),
            },
        });
        return new IssuedAccessToken(token, expires);
    }

    /// <summary>JWT-shaped: three dot-separated parts (an access key never has a dot).</summary>
    public bool CanAuthenticate(string token) => token.Count(c => c == '.') == 2 && !AccessKeyFormat.LooksLikeKey(token);

    public async Task<CredentialCheck> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        if (await VerifyAsync(token, cancellationToken) is not { } jwt)
            return CredentialCheck.Refused(Invalid);

        DateTimeOffset now = time.GetUtcNow();
        if (now - s_clockSkew >= new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero))
            return CredentialCheck.Refused("The access token has expired: refresh it or sign in again.");
        if (now + s_clockSkew < new DateTimeOffset(jwt.ValidFrom, TimeSpan.Zero))
            return CredentialCheck.Refused(Invalid);

        if (!jwt.TryGetPayloadValue(ClaimNames.Organization, out string organizationId) || !jwt.TryGetPayloadValue(ClaimNames.GrantId, out string grantId)
            || !jwt.TryGetPayloadValue(ClaimNames.ClientId, out string clientId) || !jwt.TryGetPayloadValue(ClaimNames.Scope, out string scope))
            return CredentialCheck.Refused(Invalid);

        Grant? grant = await grants.GetAsync(organizationId, grantId, cancellationToken);
        if (grant is null || !grant.IsActive || grant.UserId != jwt.Subject || grant.ClientId != clientId)
            return CredentialCheck.Refused("The access token's connection has been revoked: sign in again.");

        (User? owner, Organization? organization, Standing refusal) = await standing.GetActiveUserAsync(identities, organizationId, grant.UserId, cancellationToken);
        if (owner is null || organization is null)
            return CredentialCheck.Refused(refusal == Standing.OrganizationSuspended
                ? "The access token's organization is suspended." : "The access token's user is disabled or no longer exists.");

        // A blind merge of one property (no read), at most once a minute per grant.
        if (grant.LastUsedAt is null || now - grant.LastUsedAt >= s_touchInterval)
            await grants.TouchAsync(organizationId, grantId, now, cancellationToken);

        IReadOnlyList<string> effective = RoleCeilings.Apply(owner.Role, Scopes.Parse(scope).Intersect(grant.Scopes, StringComparer.Ordinal));
        return CredentialCheck.Accepted(new McpPrincipal(organizationId, owner.Id, owner.Role, effective, CredentialKind.OAuthToken, grantId, clientId,
            RequestsPerMinutePerCredential: organization.RequestsPerMinutePerCredential, RequestsPerMinute: organization.RequestsPerMinute));
    }

    /// <summary>
    /// The grant a token of ours names, if its signature, issuer and audience hold (expired or not): what revocation
    /// needs (RFC 7009 lets a client revoke a token it no longer uses).
    /// </summary>
    public async Task<(string OrganizationId, string GrantId, string ClientId)?> ReadGrantAsync(string token, CancellationToken cancellationToken) =>
        await VerifyAsync(token, cancellationToken) is { } jwt
        && jwt.TryGetPayloadValue(ClaimNames.Organization, out string organizationId) && jwt.TryGetPayloadValue(ClaimNames.GrantId, out string grantId)
        && jwt.TryGetPayloadValue(ClaimNames.ClientId, out string clientId)
            ? (organizationId, grantId, clientId)
            : null;

    /// <summary>The token if it is one of ours: well formed, signed by one of our keys with RS256, our issuer and audience, <c>at+jwt</c>.</summary>
    private async Task<JsonWebToken?> VerifyAsync(string token, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenMalformedException)
        {
            return null;
        }

        if (string.IsNullOrEmpty(jwt.Kid) || await keys.FindAsync(jwt.Kid, cancellationToken) is not { } key)
            return null;

        TokenValidationResult result = await s_handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = server.Value.Issuer,
            ValidAudiences = [server.Value.McpResource, server.Value.McpResource + "/"],
            IssuerSigningKey = key.SecurityKey,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidTypes = [TokenType],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            // Lifetime is checked by the callers against the injected clock.
            ValidateLifetime = false,
        });
        return result.IsValid ? jwt : null;
    }

    /// <summary>Our claim names beyond the registered ones.</summary>
    public static class ClaimNames
    {
        public const string Organization = "org";
        public const string ClientId = "client_id";
        public const string GrantId = "gid";
        public const string Scope = "scope";
    }
}
