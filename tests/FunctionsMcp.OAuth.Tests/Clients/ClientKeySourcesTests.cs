using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Clients;

namespace FunctionsMcp.OAuth.Tests.Clients;

/// <summary>The key sources a <c>private_key_jwt</c> client may name: one https <c>jwks_uri</c> or one inline set of public signing keys.</summary>
public sealed class ClientKeySourcesTests
{
    [Theory]
    [InlineData("""{"jwks_uri":"https://chatgpt.com/oauth/x/jwks.json"}""", "https://chatgpt.com/oauth/x/jwks.json", null)]
    [InlineData("""{"jwks":{"keys":[{"kty":"RSA","kid":"k1","use":"sig","n":"sXch","e":"AQAB"},{"kty":"EC","kid":"k2","crv":"P-256","x":"f83O","y":"x_FE"}]}}""", null, """{"keys":[{"kty":"RSA","kid":"k1","use":"sig","n":"sXch","e":"AQAB"},{"kty":"EC","kid":"k2","crv":"P-256","x":"f83O","y":"x_FE"}]}""")]
    public void UsableKeys_AreRead(string metadata, string? jwksUri, string? jwks)
    {
        (string? uri, string? set, string? error) = ClientKeySources.Read(JsonNode.Parse(metadata)!.AsObject(), "the document");

        Assert.Null(error);
        Assert.Equal(jwksUri, uri);
        Assert.Equal(jwks is null ? null : JsonNode.Parse(jwks)!.ToJsonString(), set);
    }

    [Theory]
    [InlineData("""{}""", "gives no jwks_uri or jwks")]
    [InlineData("""{"jwks_uri":"https://a.example.org/jwks","jwks":{"keys":[]}}""", "gives both jwks_uri and jwks")]
    [InlineData("""{"jwks_uri":"http://a.example.org/jwks"}""", "is not an https URL")]
    [InlineData("""{"jwks_uri":42}""", "is not an https URL")]
    [InlineData("""{"jwks":[]}""", "is not a JSON Web Key Set")]
    [InlineData("""{"jwks":{"keys":[]}}""", "must hold 1 to 20 keys")]
    [InlineData("""{"jwks":{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}}""", "not an RSA or EC public key")]
    [InlineData("""{"jwks":{"keys":[{"kty":"RSA","n":"sXch","e":"AQAB","d":"private"}]}}""", "holds private key material ('d')")]
    [InlineData("""{"jwks":{"keys":[{"kty":"EC","crv":"P-256","x":"f83O","y":"x_FE","d":"private"}]}}""", "holds private key material ('d')")]
    [InlineData("""{"jwks":{"keys":[{"kty":"RSA","n":"sXch","e":"AQAB","use":"enc"}]}}""", "whose 'use' is not 'sig'")]
    public void UnusableKeys_AreRefusedSayingWhy(string metadata, string reason)
    {
        (string? uri, string? set, string? error) = ClientKeySources.Read(JsonNode.Parse(metadata)!.AsObject(), "the document");

        Assert.Equal((null, null), (uri, set));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.StartsWith("the document ", error, StringComparison.Ordinal);
    }
}
