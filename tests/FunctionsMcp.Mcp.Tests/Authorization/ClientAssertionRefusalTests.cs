using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.LocalDev;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Mcp.Tests.Authorization;

/// <summary>
/// Every way a <c>private_key_jwt</c> client assertion can be wrong, sent to <c>/token</c> over real HTTP by a
/// ChatGPT-shaped client whose keys a loopback https host publishes. Each is 401 <c>invalid_client</c> with a reason,
/// and leaves the authorization code unspent: the same code then works with a good assertion.
/// </summary>
public sealed class ClientAssertionRefusalTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private DocumentClientBed _bed = null!;

    public async ValueTask InitializeAsync() => _bed = await DocumentClientBed.StartAsync(azurite);

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    public static TheoryData<string, string> Refusals => new()
    {
        { "replayed jti", "already used" },
        { "wrong aud", "aud must be this server's issuer" },
        { "expired", "has expired" },
        { "too long-lived", "exp is too far ahead" },
        { "alg none", "signed with 'none'" },
        { "HS256 with the public key", "signed with 'HS256'" },
        { "unknown kid", "a key (kid 'other-key') the client does not publish" },
        { "another key", "does not verify with the client's key" },
        { "iss not the client", "client_id differs from the client assertion's iss" },
        { "sub not the client", "iss and sub must both be the client_id" },
        { "not a JWT", "client_assertion is not a signed JWT" },
        { "wrong assertion type", "client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer" },
        { "secret beside it", "not both" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ABadClientAssertion_Is401InvalidClientSayingWhy_AndSpendsNothing(string how, string reason)
    {
        using ClientKeyPair key = ClientKeyPair.Rsa();
        using ClientKeyPair stranger = ClientKeyPair.Rsa(key.Kid);
        string clientId = _bed.PublishKeyClient("refusal", key);
        (string code, string verifier) = await _bed.AuthorizeAsync(clientId, DocumentClientBed.ChatGptCallback);
        DateTimeOffset now = _bed.Time.GetUtcNow();
        string audience = _bed.TokenEndpoint;
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code, ["code_verifier"] = verifier,
            ["redirect_uri"] = DocumentClientBed.ChatGptCallback, ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        };
        if (how == "replayed jti")
        {
            string used = key.Assertion(clientId, audience, now, jti: "once");
            (string otherCode, string otherVerifier) = await _bed.AuthorizeAsync(clientId, DocumentClientBed.ChatGptCallback);
            await _bed.ExchangeAsync(clientId, otherCode, otherVerifier, DocumentClientBed.ChatGptCallback, used);
        }

        form["client_assertion"] = how switch
        {
            "replayed jti" => key.Assertion(clientId, audience, now, jti: "once"),
            "wrong aud" => key.Assertion(clientId, "https://elsewhere.example.org/token", now),
            "expired" => key.Assertion(clientId, audience, now - TimeSpan.FromMinutes(10), lifetime: TimeSpan.FromMinutes(5)),
            "too long-lived" => key.Assertion(clientId, audience, now, lifetime: TimeSpan.FromHours(2)),
            "alg none" => ClientKeyPair.WithoutSignature(clientId, audience, now),
            "HS256 with the public key" => key.SignedWithPublicKeyAsSecret(clientId, audience, now),
            "unknown kid" => key.Assertion(clientId, audience, now, kid: "other-key"),
            "another key" => stranger.Assertion(clientId, audience, now),
            "iss not the client" => key.Assertion("https://evil.example.org/client.json", audience, now),
            "sub not the client" => key.Assertion(clientId, audience, now, subject: "someone-else"),
            "not a JWT" => "definitely-not-a-jwt",
            _ => key.Assertion(clientId, audience, now),
        };
        if (how == "wrong assertion type")
            form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:saml2-bearer";
        if (how == "secret beside it")
            form["client_secret"] = "guess";

        JsonNode refused = await _bed.Browser.TokenAsync(form, HttpStatusCode.Unauthorized);
        JsonNode tokens = await _bed.ExchangeAsync(clientId, code, verifier, DocumentClientBed.ChatGptCallback, key.Assertion(clientId, audience, now));

        Assert.Equal("invalid_client", refused["error"]!.GetValue<string>());
        Assert.Contains(reason, refused["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(tokens["access_token"]);
    }

    [Fact]
    public async Task AKeySetHostThatIsDown_IsRefusedSayingSo()
    {
        using ClientKeyPair key = ClientKeyPair.Rsa();
        int closed = AzuriteProcess.FreePort();
        string clientId = _bed.Publish("jwks-down", new JsonObject
        {
            ["token_endpoint_auth_method"] = "private_key_jwt", ["jwks_uri"] = $"https://localhost:{closed}/jwks.json",
        }, DocumentClientBed.ChatGptCallback);
        (string code, string verifier) = await _bed.AuthorizeAsync(clientId, DocumentClientBed.ChatGptCallback);

        JsonNode refused = await _bed.ExchangeAsync(clientId, code, verifier, DocumentClientBed.ChatGptCallback,
            key.Assertion(clientId, _bed.TokenEndpoint, _bed.Time.GetUtcNow()), HttpStatusCode.Unauthorized);

        Assert.Equal("invalid_client", refused["error"]!.GetValue<string>());
        Assert.Contains("the client's key set (jwks_uri) at", refused["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("could not be fetched", refused["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARotatedKey_IsFetchedOnceTheCachedSetIsFiveMinutesOld_AndTheSetIsUsedFromCacheWhileItsHostIsDown()
    {
        using ClientKeyPair first = ClientKeyPair.Rsa("first");
        using ClientKeyPair second = ClientKeyPair.Rsa("second");
        string clientId = _bed.PublishKeyClient("jwks-cache", first, "/jwks-cache/jwks.json");
        _bed.Host.Serve("/jwks-cache/jwks.json", first.Jwks().ToJsonString(), cacheControl: "max-age=86400");
        (string code, string verifier) = await _bed.AuthorizeAsync(clientId, DocumentClientBed.ChatGptCallback);
        JsonNode tokens = await _bed.ExchangeAsync(clientId, code, verifier, DocumentClientBed.ChatGptCallback, first.Assertion(clientId, _bed.TokenEndpoint, _bed.Time.GetUtcNow()));

        _bed.Host.Serve("/jwks-cache/jwks.json", ClientKeyPair.Set(first, second).ToJsonString(), cacheControl: "max-age=86400");
        _bed.Time.Advance(TimeSpan.FromMinutes(10));
        tokens = await _bed.RefreshAsync(clientId, tokens["refresh_token"]!.GetValue<string>(), second.Assertion(clientId, _bed.TokenEndpoint, _bed.Time.GetUtcNow()));
        _bed.Host.Remove("/jwks-cache/jwks.json");
        _bed.Time.Advance(TimeSpan.FromHours(36));
        JsonNode whileDown = await _bed.RefreshAsync(clientId, tokens["refresh_token"]!.GetValue<string>(), first.Assertion(clientId, _bed.TokenEndpoint, _bed.Time.GetUtcNow()));

        Assert.NotNull(whileDown["access_token"]);
    }
}
