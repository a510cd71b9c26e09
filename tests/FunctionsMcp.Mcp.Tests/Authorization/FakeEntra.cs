using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using FunctionsMcp.LocalDev;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FunctionsMcp.Mcp.Tests.Authorization;

/// <summary>Who the fake provider signs in next, and how it may misbehave.</summary>
public sealed record EntraIdentity(string TenantId, string ObjectId, string[] Roles, string Name = "Alex Entra", string? NonceOverride = null, bool SignWithAnotherKey = false);

/// <summary>
/// A local stand-in for Microsoft Entra ID over https on loopback (self-signed): OpenID discovery, JWKS, an authorize
/// endpoint that signs in <see cref="Next"/> at once, and a token endpoint that checks the client secret and the PKCE
/// verifier before returning a signed ID token, as Entra's v2.0 endpoints do.
/// </summary>
public sealed class FakeEntra : IAsyncDisposable
{
    public const string ClientId = "11111111-2222-3333-4444-555555555555";
    public const string ClientSecret = "fake-entra-secret";
    public const string FederatedAssertion = "fake-managed-identity-token";
    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _otherKey = RSA.Create(2048);
    private readonly Dictionary<string, (EntraIdentity Identity, string Nonce, string Challenge, string RedirectUri)> _codes = new(StringComparer.Ordinal);
    private readonly string _thumbprint;

    private FakeEntra(WebApplication app, string thumbprint, int port)
    {
        _app = app;
        _thumbprint = thumbprint;
        BaseUrl = $"https://localhost:{port}";
    }

    public string BaseUrl { get; }

    public EntraIdentity Next { get; set; } = new(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), ["Coordinator"]);

    /// <summary>The authorize requests it received, as sent.</summary>
    public List<IQueryCollection> AuthorizeRequests { get; } = [];

    /// <summary>The token requests it received, as sent.</summary>
    public List<IFormCollection> TokenRequests { get; } = [];

    public static async Task<FakeEntra> StartAsync()
    {
        int port = AzuriteProcess.FreePort();
        using var certificateKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", certificateKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.UseHttps(X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null))));
        var fake = new FakeEntra(builder.Build(), certificate.GetCertHashString(), port);
        fake.Map();
        await fake._app.StartAsync();
        return fake;
    }

    /// <summary>An HTTP client that trusts exactly this provider's certificate.</summary>
    public HttpClient TrustingClient(bool followRedirects = false) => new(new HttpClientHandler
    {
        AllowAutoRedirect = followRedirects,
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == _thumbprint,
    });

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
        _otherKey.Dispose();
    }

    private void Map()
    {
        _app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = $"{BaseUrl}/{{tenantid}}/v2.0",
            ["authorization_endpoint"] = $"{BaseUrl}/{tenant}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{BaseUrl}/{tenant}/oauth2/v2.0/token",
            ["jwks_uri"] = $"{BaseUrl}/{tenant}/discovery/v2.0/keys",
            ["response_types_supported"] = (string[])["code"],
            ["subject_types_supported"] = (string[])["pairwise"],
            ["id_token_signing_alg_values_supported"] = (string[])["RS256"],
        }));
        _app.MapGet("/{tenant}/discovery/v2.0/keys", () =>
        {
            RSAParameters p = _key.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", kid = "fake-1", n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } } });
        });
        _app.MapGet("/{tenant}/oauth2/v2.0/authorize", (HttpContext context) =>
        {
            IQueryCollection q = context.Request.Query;
            AuthorizeRequests.Add(q);
            string code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
            _codes[code] = (Next, q["nonce"].ToString(), q["code_challenge"].ToString(), q["redirect_uri"].ToString());
            return Results.Redirect(QueryHelpers.AddQueryString(q["redirect_uri"].ToString(), new Dictionary<string, string?> { ["code"] = code, ["state"] = q["state"] }));
        });
        _app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpContext context) =>
        {
            IFormCollection form = await context.Request.ReadFormAsync();
            TokenRequests.Add(form);
            bool secret = form["client_secret"] == ClientSecret;
            bool federated = form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" && form["client_assertion"] == FederatedAssertion;
            if (form["client_id"] != ClientId || !(secret || federated))
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            if (!_codes.Remove(form["code"].ToString(), out var issued) || form["redirect_uri"] != issued.RedirectUri
                || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != issued.Challenge)
                return Results.Json(new { error = "invalid_grant", error_description = "AADSTS70000: bad code or verifier" }, statusCode: 400);
            EntraIdentity who = issued.Identity;
            string clientInfo = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new { uid = who.ObjectId, utid = who.TenantId }));
            return Results.Json(new
            {
                token_type = "Bearer",
                scope = "openid profile email",
                expires_in = 3600,
                access_token = "not-used",
                id_token = IdToken(who, who.NonceOverride ?? issued.Nonce),
                client_info = clientInfo,
            });
        });
    }

    private string IdToken(EntraIdentity who, string nonce)
    {
        DateTime now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = $"{BaseUrl}/{who.TenantId}/v2.0",
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(who.SignWithAnotherKey ? _otherKey : _key) { KeyId = "fake-1" }, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["tid"] = who.TenantId,
                ["oid"] = who.ObjectId,
                ["sub"] = "pairwise-" + who.ObjectId,
                ["name"] = who.Name,
                ["preferred_username"] = "alex@contoso.example",
                ["roles"] = who.Roles,
                ["nonce"] = nonce,
                ["ver"] = "2.0",
            },
        });
    }
}
