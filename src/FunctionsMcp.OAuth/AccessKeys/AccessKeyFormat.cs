using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace FunctionsMcp.OAuth.AccessKeys;

/// <summary>
/// The wire form of a key: <c>fmcp_</c> + a 20-character id + <c>_</c> + a 43-character secret
/// (32 random bytes, 256 bits, base64url). The fixed prefix and shape let secret scanners spot a leaked key;
/// the id finds the stored record; only a hash of the secret is stored and it is compared in constant time.
/// </summary>
public static class AccessKeyFormat
{
    public const string Prefix = "fmcp_";
    private const int IdBytes = 12;
    private const int IdLength = 20;
    private const int SecretBytes = 32;
    private const int SecretLength = 43;
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The total length of a key.</summary>
    public const int Length = 5 + IdLength + 1 + SecretLength;

    /// <summary>True when <paramref name="token"/> has the shape of one of our keys (it may still be wrong).</summary>
    public static bool LooksLikeKey(string token) => token.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>A new key: its id, the full token to show once, and the hash to store.</summary>
    public static (string Id, string Token, byte[] SecretHash) Generate()
    {
        string id = ToBase32(RandomNumberGenerator.GetBytes(IdBytes));
        byte[] secret = RandomNumberGenerator.GetBytes(SecretBytes);
        string encoded = Base64Url.EncodeToString(secret);
        return (id, $"{Prefix}{id}_{encoded}", Hash(encoded));
    }

    /// <summary>Splits a token into id and secret; false when it is not well formed.</summary>
    public static bool TryParse(string token, out string id, out string secret)
    {
        id = secret = string.Empty;
        if (token.Length != Length || !LooksLikeKey(token) || token[Prefix.Length + IdLength] != '_')
            return false;
        string candidateId = token.Substring(Prefix.Length, IdLength);
        string candidateSecret = token[(Prefix.Length + IdLength + 1)..];
        if (!candidateId.All(c => Base32.Contains(c, StringComparison.Ordinal)) || !Base64Url.IsValid(candidateSecret))
            return false;
        (id, secret) = (candidateId, candidateSecret);
        return true;
    }

    /// <summary>SHA-256 of the secret text. The secret carries 256 bits of randomness, so a slow hash adds nothing.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));

    /// <summary>Compares a presented secret with a stored hash in constant time.</summary>
    public static bool Matches(string secret, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);

    private static string ToBase32(byte[] bytes)
    {
        var text = new StringBuilder(IdLength);
        int buffer = 0, bits = 0;
        foreach (byte b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Base32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
            text.Append(Base32[(buffer << (5 - bits)) & 31]);
        return text.ToString();
    }
}
