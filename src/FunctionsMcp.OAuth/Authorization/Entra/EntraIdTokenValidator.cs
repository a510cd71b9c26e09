using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Microsoft.Identity.Web.Resource;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.Validators;

namespace FunctionsMcp.OAuth.Authorization.Entra;

/// <summary>
/// Checks the ID token Entra returned at our callback (OpenID Connect Core 1.0 §3.1.3.7). The libraries do the signature
/// (keys from the authority's v2.0 metadata), the lifetime (on our clock), the audience (our client id) and the multi-tenant
/// issuer: <see cref="AadIssuerValidator"/> requires the issuer of the metadata with the token's own <c>tid</c> in it, and
/// <see cref="AadTokenValidationParametersExtension.EnableAadSigningKeyIssuerValidation"/> requires a key published for one
/// tenant to sign only for that tenant. What they cannot know stays here: which tenants may sign in, that our sign-in only
/// ever asks the v2.0 endpoints, and the nonce this sign-in sent.
/// </summary>
internal sealed class EntraIdTokenValidator(IOptions<EntraOptions> options, EntraHttp http, TimeProvider time, ILogger<EntraIdTokenValidator> logger)
{
    private const string V2Suffix = "/v2.0";
    private static readonly TimeSpan s_clockSkew = TimeSpan.FromMinutes(2);
    private ConfigurationManager<OpenIdConnectConfiguration>? _metadata;
    private AadIssuerValidator? _issuer;

    private EntraOptions Entra => options.Value;

    private string V2Authority => Entra.Authority + V2Suffix.TrimStart('/');

    public async Task<IdTokenCheck> ValidateAsync(string idToken, string nonce, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TokenValidationResult validation = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, Parameters());
        if (!validation.IsValid)
        {
            return Refuse(validation.Exception switch
            {
                SecurityTokenMalformedException or ArgumentException => IdTokenRefusal.Unreadable,
                SecurityTokenInvalidLifetimeException => IdTokenRefusal.Expired,
                _ => IdTokenRefusal.Invalid,
            }, validation.Exception);
        }

        var token = (JsonWebToken)validation.SecurityToken;
        // AadIssuerValidator also accepts v1.0 issuers (sts.windows.net/{tid}/), as web APIs taking both versions need. Our
        // sign-in asks only the v2.0 authorize endpoint, so a v1.0 ID token was not issued for it.
        if (!token.Issuer.EndsWith(V2Suffix, StringComparison.Ordinal))
            return Refuse(IdTokenRefusal.NotV2);
        // The library accepts any tenant; which organizations may use this server is ours to say.
        if (!token.TryGetPayloadValue("tid", out string tenant) || !Entra.Tenants.Contains(tenant.ToLowerInvariant()))
            return Refuse(IdTokenRefusal.TenantNotAllowed);
        if (!token.TryGetPayloadValue("nonce", out string sent) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(nonce)))
            return Refuse(IdTokenRefusal.NonceMismatch);
        return IdTokenCheck.Accepted(token);
    }

    private TokenValidationParameters Parameters()
    {
        _metadata ??= new ConfigurationManager<OpenIdConnectConfiguration>(
            V2Authority + "/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever(http.Client) { RequireHttps = true });
        _issuer ??= new MicrosoftIdentityIssuerValidatorFactory(Options.Create(new AadIssuerValidatorOptions { HttpClientName = EntraHttp.Name }), http)
            .GetAadIssuerValidator(V2Authority);
        var parameters = new TokenValidationParameters
        {
            // Keys come through the configuration so that the signing-key issuer check below sees which tenant each key is for.
            ConfigurationManager = _metadata,
            IssuerValidator = _issuer.Validate,
            ValidAudience = Entra.ClientId,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            // The handler's own lifetime check reads the system clock; this hook checks the same bounds on ours.
            LifetimeValidator = (notBefore, expires, _, _) => InLifetime(notBefore, expires),
        };
        parameters.EnableAadSigningKeyIssuerValidation();
        return parameters;
    }

    private bool InLifetime(DateTime? notBefore, DateTime? expires)
    {
        DateTimeOffset now = time.GetUtcNow();
        return expires is { } end && now - s_clockSkew < new DateTimeOffset(end, TimeSpan.Zero)
            && (notBefore is not { } start || now + s_clockSkew >= new DateTimeOffset(start, TimeSpan.Zero));
    }

    private IdTokenCheck Refuse(IdTokenRefusal refusal, Exception? failure = null)
    {
        Log.EntraIdTokenRefused(logger, refusal, failure?.GetType().Name ?? "-");
        return IdTokenCheck.Refused(refusal);
    }
}
