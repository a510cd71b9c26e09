using FunctionsMcp.OAuth.Authorization.Entra;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Tests.Authorization.Entra;

/// <summary>
/// The ID-token checks of an "organizations" (multi-tenant) sign-in, against Entra's documents served locally: the issuer
/// must be Entra's v2.0 issuer carrying the token's own tenant, a key published for one tenant signs only for it, and the
/// audience, lifetime, allowed tenants and nonce are ours to hold.
/// </summary>
public sealed class EntraIdTokenValidatorTests : IAsyncDisposable
{
    private const string Nonce = "nonce-of-this-sign-in";
    private static readonly string s_tenant = Guid.NewGuid().ToString();
    private static readonly string s_otherTenant = Guid.NewGuid().ToString();
    private readonly ManualTimeProvider _time = new();
    private readonly List<IAsyncDisposable> _hosts = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (IAsyncDisposable host in _hosts)
            await host.DisposeAsync();
    }

    /// <summary>Entra's documents, and a validator for an app that lets both test tenants sign in.</summary>
    private async Task<(EntraDocuments Entra, EntraIdTokenValidator Validator)> StartAsync(bool keysNameTheirIssuer)
    {
        EntraDocuments entra = await EntraDocuments.StartAsync(s_tenant, keysNameTheirIssuer, Cancel);
        _hosts.Add(entra);
        var options = new EntraOptions
        {
            Instance = entra.Instance,
            TenantId = "organizations",
            ClientId = EntraDocuments.ClientId,
            ClientSecret = "unused",
            AllowedTenants = [s_tenant, s_otherTenant],
        };
        return (entra, new EntraIdTokenValidator(Options.Create(options), new EntraHttp(EntraDocuments.Client()), _time, NullLogger<EntraIdTokenValidator>.Instance));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AGoodTokenFromEachAllowedTenant_IsAccepted(bool keysNameTheirIssuer)
    {
        (EntraDocuments entra, EntraIdTokenValidator validator) = await StartAsync(keysNameTheirIssuer);

        foreach (string tenant in new[] { s_tenant, s_otherTenant })
        {
            IdTokenCheck check = await validator.ValidateAsync(entra.IdToken(tenant, _time.GetUtcNow(), Nonce), Nonce, Cancel);

            Assert.Null(check.Refusal);
            Assert.Equal(entra.Issuer(tenant), check.Token?.Issuer);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ATokenWhoseIssuerNamesAnotherTenantThanItsTid_IsRefused(bool keysNameTheirIssuer)
    {
        (EntraDocuments entra, EntraIdTokenValidator validator) = await StartAsync(keysNameTheirIssuer);

        // Both tenants may sign in; the token claims one tenant in its issuer and another in tid.
        string token = entra.IdToken(s_otherTenant, _time.GetUtcNow(), Nonce, issuer: entra.Issuer(s_tenant));
        IdTokenCheck check = await validator.ValidateAsync(token, Nonce, Cancel);

        Assert.Equal(IdTokenRefusal.Invalid, check.Refusal);
        Assert.Null(check.Token);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ATokenFromAForeignIssuerHost_IsRefused(bool keysNameTheirIssuer)
    {
        (EntraDocuments entra, EntraIdTokenValidator validator) = await StartAsync(keysNameTheirIssuer);

        string token = entra.IdToken(s_tenant, _time.GetUtcNow(), Nonce, issuer: $"https://login.contoso.example/{s_tenant}/v2.0");
        IdTokenCheck check = await validator.ValidateAsync(token, Nonce, Cancel);

        Assert.Equal(IdTokenRefusal.Invalid, check.Refusal);
    }

    [Fact]
    public async Task ATokenWithAV1Issuer_IsRefused_ThoughEntrasV1MetadataWouldMatchIt()
    {
        (EntraDocuments entra, EntraIdTokenValidator validator) = await StartAsync(keysNameTheirIssuer: true);

        string token = entra.IdToken(s_tenant, _time.GetUtcNow(), Nonce, issuer: entra.V1Issuer(s_tenant));
        IdTokenCheck check = await validator.ValidateAsync(token, Nonce, Cancel);

        Assert.Equal(IdTokenRefusal.NotV2, check.Refusal);
    }

    [Fact]
    public async Task AKeyPublishedForOneTenant_SignsForThatTenant_AndIsRefusedForAnother()
    {
        (EntraDocuments entra, EntraIdTokenValidator validator) = await StartAsync(keysNameTheirIssuer: true);

        IdTokenCheck owner = await validator.ValidateAsync(entra.IdToken(entra.KeyOwner, _time.GetUtcNow(), Nonce, key: EntraDocuments.TenantKey), Nonce, Cancel);
        IdTokenCheck other = await validator.ValidateAsync(entra.IdToken(s_otherTenant, _time.GetUtcNow(), Nonce, key: EntraDocuments.TenantKey), Nonce, Cancel);

        Assert.Null(owner.Refusal);
        Assert.Equal(IdTokenRefusal.Invalid, other.Refusal);
    }

    // Refusals by name: the enum is internal, and xUnit's theory methods are public.
    public static TheoryData<string, string> OurOwnChecks => new()
    {
        { "another-audience", nameof(IdTokenRefusal.Invalid) },
        { "expired", nameof(IdTokenRefusal.Expired) },
        { "not-yet-valid", nameof(IdTokenRefusal.Expired) },
        { "tenant-not-allowed", nameof(IdTokenRefusal.TenantNotAllowed) },
        { "another-nonce", nameof(IdTokenRefusal.NonceMismatch) },
        { "not-a-jwt", nameof(IdTokenRefusal.Unreadable) },
    };

    [Theory]
    [MemberData(nameof(OurOwnChecks))]
    public async Task ATokenFailingAnAppCheck_IsRefusedForThatReason(string how, string expected)
    {
        (EntraDocuments entra, EntraIdTokenValidator validator) = await StartAsync(keysNameTheirIssuer: true);
        DateTimeOffset now = _time.GetUtcNow();

        string token = how switch
        {
            "another-audience" => entra.IdToken(s_tenant, now, Nonce, audience: Guid.NewGuid().ToString()),
            "expired" => entra.IdToken(s_tenant, now.AddHours(-1).AddMinutes(-3), Nonce),
            "not-yet-valid" => entra.IdToken(s_tenant, now.AddMinutes(3), Nonce),
            "tenant-not-allowed" => entra.IdToken(Guid.NewGuid().ToString(), now, Nonce),
            "another-nonce" => entra.IdToken(s_tenant, now, "replayed-from-elsewhere"),
            "not-a-jwt" => "not.a-jwt",
            _ => throw new ArgumentOutOfRangeException(nameof(how)),
        };
        IdTokenCheck check = await validator.ValidateAsync(token, Nonce, Cancel);

        Assert.Equal(expected, check.Refusal?.ToString());
        Assert.NotNull(check.Problem);
    }

    [Fact]
    public async Task ATokenWithinTheClockSkew_IsAccepted()
    {
        (EntraDocuments entra, EntraIdTokenValidator validator) = await StartAsync(keysNameTheirIssuer: true);

        IdTokenCheck check = await validator.ValidateAsync(entra.IdToken(s_tenant, _time.GetUtcNow().AddHours(-1).AddMinutes(1), Nonce), Nonce, Cancel);

        Assert.Null(check.Refusal);
    }
}
