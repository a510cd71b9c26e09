using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.Storage;
using FunctionsMcp.Storage.Authorization;
using FunctionsMcp.Storage.Identity;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FunctionsMcp.OAuth.Tests.Tokens;

/// <summary>Our access tokens end to end: signed with a real key file, checked against real grants and users in Azurite.</summary>
public sealed class AccessTokenServiceTests : IAsyncLifetime, IDisposable
{
    private const string Issuer = "https://mcp.example.org";
    private const string Resource = Issuer + "/mcp";
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly string _org = "org" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _keyFolder = Path.Combine(Path.GetTempPath(), "fmcp-keys-" + Guid.NewGuid().ToString("N"));
    private readonly IdentityCache _cache;
    private readonly TableIdentityStore _identities;
    private readonly TableGrantStore _grants;
    private readonly SigningKeys _keys;
    private readonly AccessTokenService _service;

    public AccessTokenServiceTests(AzuriteFixture azurite)
    {
        var tables = new TableProvider(new TableServiceClient(azurite.ConnectionString));
        // The store forgets what it writes from the cache, so a change a test makes applies at the next check, as in one app instance.
        _cache = new IdentityCache(Options.Create(new IdentityCacheOptions()), _time);
        _identities = new TableIdentityStore(tables, _cache);
        _grants = new TableGrantStore(tables);
        _keys = Keys(Path.Combine(_keyFolder, "keys.json"));
        _service = Service(_keys);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private SigningKeys Keys(string file) => new(new FileSigningKeyStore(file), Options.Create(new OAuthOptions()), _time);

    private AccessTokenService Service(SigningKeys keys, string issuer = Issuer) =>
        new(keys, _grants, _identities, _cache, Options.Create(new ServerOptions { BaseUrl = issuer }), Options.Create(new OAuthOptions()), _time);

    public async ValueTask InitializeAsync()
    {
        await _identities.SaveOrganizationAsync(new Organization(_org, "Test org"), Cancel);
        await _identities.SaveUserAsync(new User(_org, "coordinator", "C", "c@example.org", Role.Coordinator), Cancel);
        await _identities.SaveUserAsync(new User(_org, "worker", "W", "w@example.org", Role.SupportWorker), Cancel);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void Dispose()
    {
        _keys.Dispose();
        if (Directory.Exists(_keyFolder))
            Directory.Delete(_keyFolder, recursive: true);
    }

    private async Task<Grant> GrantAsync(string user = "coordinator", params string[] scopes)
    {
        var grant = new Grant("gr_" + Guid.NewGuid().ToString("N")[..12], _org, user, "client-1",
            scopes.Length > 0 ? scopes : [Scopes.ParticipantsRead, Scopes.ParticipantsWrite], _time.GetUtcNow());
        await _grants.AddAsync(grant, Cancel);
        return grant;
    }

    [Fact]
    public async Task AnIssuedToken_IsAcceptedAsItsUserThroughItsGrant()
    {
        Grant grant = await GrantAsync();
        IssuedAccessToken issued = await _service.IssueAsync(grant, grant.Scopes, Cancel);

        CredentialCheck check = await _service.AuthenticateAsync(issued.Token, Cancel);

        Assert.True(_service.CanAuthenticate(issued.Token));
        Assert.True(check.Succeeded, check.Failure);
        Assert.Equal((_org, "coordinator", CredentialKind.OAuthToken, grant.Id, "client-1"),
            (check.Principal!.OrganizationId, check.Principal.UserId, check.Principal.Credential, check.Principal.CredentialId, check.Principal.ClientId));
        Assert.Equal(grant.Scopes, check.Principal.Scopes);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(1), issued.ExpiresAt);
        var jwt = new JsonWebToken(issued.Token);
        Assert.Equal(("at+jwt", Resource, Issuer), (jwt.Typ, jwt.Audiences.Single(), jwt.Issuer));
        Assert.NotNull((await _grants.GetAsync(_org, grant.Id, Cancel))!.LastUsedAt);
    }

    [Fact]
    public async Task AfterItsLifetime_ATokenIsRefusedAsExpired()
    {
        Grant grant = await GrantAsync();
        IssuedAccessToken issued = await _service.IssueAsync(grant, grant.Scopes, Cancel);

        _time.Advance(TimeSpan.FromMinutes(59));
        CredentialCheck stillGood = await _service.AuthenticateAsync(issued.Token, Cancel);
        _time.Advance(TimeSpan.FromMinutes(2));
        CredentialCheck expired = await _service.AuthenticateAsync(issued.Token, Cancel);

        Assert.True(stillGood.Succeeded, stillGood.Failure);
        Assert.Equal("The access token has expired: refresh it or sign in again.", expired.Failure);
    }

    [Fact]
    public async Task RevokingTheGrant_StopsItsTokensAtOnce()
    {
        Grant grant = await GrantAsync();
        IssuedAccessToken issued = await _service.IssueAsync(grant, grant.Scopes, Cancel);
        Assert.True((await _service.AuthenticateAsync(issued.Token, Cancel)).Succeeded);

        Assert.True(await _grants.RevokeAsync(_org, grant.Id, "disconnected", _time.GetUtcNow(), Cancel));
        CredentialCheck check = await _service.AuthenticateAsync(issued.Token, Cancel);

        Assert.Equal("The access token's connection has been revoked: sign in again.", check.Failure);
    }

    [Fact]
    public async Task ADisabledUserOrSuspendedOrganization_StopsTheToken_AndARoleNarrowsItsScopes()
    {
        Grant grant = await GrantAsync("worker", Scopes.ParticipantsRead, Scopes.ParticipantsWrite);
        IssuedAccessToken issued = await _service.IssueAsync(grant, grant.Scopes, Cancel);

        CredentialCheck narrowed = await _service.AuthenticateAsync(issued.Token, Cancel);
        await _identities.SaveUserAsync(new User(_org, "worker", "W", "w@example.org", Role.SupportWorker, Disabled: true), Cancel);
        CredentialCheck disabled = await _service.AuthenticateAsync(issued.Token, Cancel);
        await _identities.SaveUserAsync(new User(_org, "worker", "W", "w@example.org", Role.SupportWorker), Cancel);
        await _identities.SaveOrganizationAsync(new Organization(_org, "Test org", Suspended: true), Cancel);
        CredentialCheck suspended = await _service.AuthenticateAsync(issued.Token, Cancel);

        Assert.Equal([Scopes.ParticipantsRead], narrowed.Principal!.Scopes);
        Assert.Equal("The access token's user is disabled or no longer exists.", disabled.Failure);
        Assert.Equal("The access token's organization is suspended.", suspended.Failure);
    }

    [Fact]
    public async Task ATokenClaimingMoreScopesThanItsGrant_GetsOnlyTheGrantsScopes()
    {
        Grant grant = await GrantAsync("coordinator", Scopes.ParticipantsRead);

        IssuedAccessToken issued = await _service.IssueAsync(grant, [Scopes.ParticipantsRead, Scopes.FundingWrite], Cancel);

        Assert.Equal("participants:read", new JsonWebToken(issued.Token).GetPayloadValue<string>("scope"));
        Assert.Equal([Scopes.ParticipantsRead], (await _service.AuthenticateAsync(issued.Token, Cancel)).Principal!.Scopes);
    }

    public static TheoryData<string> Tampering => new() { "alg-none", "other-key", "other-audience", "other-issuer", "payload-edited", "not-a-jwt", "wrong-type" };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task ATamperedOrForeignToken_IsRefusedAsInvalid(string how)
    {
        Grant grant = await GrantAsync();
        string good = (await _service.IssueAsync(grant, grant.Scopes, Cancel)).Token;
        SigningKey key = await _keys.CurrentAsync(Cancel);

        string token = how switch
        {
            "alg-none" => Unsigned(good),
            "other-key" => await ForgeAsync(grant, key.Id, RSA.Create(2048)),
            "other-audience" => await ForgeAsync(grant, key.Id, key.SecurityKey.Rsa, audience: "https://other.example.org/mcp"),
            "other-issuer" => (await Service(_keys, "https://evil.example.org").IssueAsync(grant, grant.Scopes, Cancel)).Token,
            "payload-edited" => EditPayload(good),
            "not-a-jwt" => "a.b.c",
            "wrong-type" => await ForgeAsync(grant, key.Id, key.SecurityKey.Rsa, type: "JWT"),
            _ => throw new ArgumentOutOfRangeException(nameof(how)),
        };

        CredentialCheck check = await _service.AuthenticateAsync(token, Cancel);

        Assert.Equal("The access token is not valid.", check.Failure);
        Assert.True((await _service.AuthenticateAsync(good, Cancel)).Succeeded);
    }

    private static string Unsigned(string token)
    {
        string[] parts = token.Split('.');
        string header = Base64UrlEncoder.Encode($$"""{"alg":"none","kid":"{{new JsonWebToken(token).Kid}}","typ":"at+jwt"}""");
        return $"{header}.{parts[1]}.";
    }

    private static string EditPayload(string token)
    {
        string[] parts = token.Split('.');
        string payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("participants:read participants:write", "participants:read participants:write funding:write", StringComparison.Ordinal);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }

    private Task<string> ForgeAsync(Grant grant, string kid, RSA rsa, string audience = Resource, string type = "at+jwt")
    {
        DateTime now = _time.GetUtcNow().UtcDateTime;
        string token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            TokenType = type,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = grant.UserId,
                ["org"] = grant.OrganizationId,
                ["client_id"] = grant.ClientId,
                ["gid"] = grant.Id,
                ["scope"] = Scopes.Format(grant.Scopes),
            },
        });
        return Task.FromResult(token);
    }
}
