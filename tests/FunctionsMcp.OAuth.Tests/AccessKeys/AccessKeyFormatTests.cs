using FunctionsMcp.OAuth.AccessKeys;

namespace FunctionsMcp.OAuth.Tests.AccessKeys;

public sealed class AccessKeyFormatTests
{
    [Fact]
    public void Generate_MakesAPrefixedKeyWithA256BitSecret_ThatParsesAndMatchesItsHash()
    {
        (string id, string token, byte[] hash) = AccessKeyFormat.Generate();

        Assert.StartsWith("fmcp_", token, StringComparison.Ordinal);
        Assert.Equal(AccessKeyFormat.Length, token.Length);
        Assert.True(AccessKeyFormat.TryParse(token, out string parsedId, out string secret));
        Assert.Equal(id, parsedId);
        Assert.Equal(32, Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.True(AccessKeyFormat.Matches(secret, hash));
        Assert.DoesNotContain(secret, Convert.ToBase64String(hash), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_NeverRepeats()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => AccessKeyFormat.Generate().Token).ToHashSet();

        Assert.Equal(1000, tokens.Count);
    }

    [Fact]
    public void Matches_RefusesASecretThatDiffersInOneCharacter()
    {
        (_, string token, byte[] hash) = AccessKeyFormat.Generate();
        Assert.True(AccessKeyFormat.TryParse(token, out _, out string secret));
        string altered = (secret[0] == 'A' ? 'B' : 'A') + secret[1..];

        Assert.False(AccessKeyFormat.Matches(altered, hash));
    }

    [Theory]
    [InlineData("")]
    [InlineData("fmcp_")]
    [InlineData("ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("fmcp_ABCDEFGHIJKLMNOPQRST_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("fmcp_abcdefghijklmnopqrst-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("fmcp_abcdefghijklmnopqrst_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("fmcp_abcdefghijklmnopqrst_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=A")]
    public void TryParse_RefusesMalformedKeys(string token) =>
        Assert.False(AccessKeyFormat.TryParse(token, out _, out _));
}
