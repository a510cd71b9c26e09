using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace FunctionsMcp.OAuth.Tokens;

/// <summary>
/// The random secrets the authorization server hands out (client secrets, codes, refresh tokens, sign-in
/// request ids): 256 random bits after a recognisable prefix, kept only as a SHA-256 hash.
/// </summary>
public static class OpaqueSecret
{
    /// <summary>A new secret (<c>prefix</c> + 43 base64url characters) and its hash.</summary>
    public static (string Value, string Hash) Generate(string prefix)
    {
        string value = prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (value, Hash(value));
    }

    /// <summary>The lower-case hex SHA-256 of <paramref name="value"/>: what storage keeps and looks up by.</summary>
    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>True when <paramref name="value"/> hashes to <paramref name="hash"/> (compared in constant time).</summary>
    public static bool Matches(string? value, string? hash) => value is not null && SameText(Hash(value), hash);

    /// <summary>True when <paramref name="given"/> equals <paramref name="expected"/>, compared in constant time (tokens, hashes).</summary>
    public static bool SameText(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given));
}
