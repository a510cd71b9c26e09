using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace FunctionsMcp.OAuth.Tokens;

/// <summary>PKCE with S256 (RFC 7636), both ways round: our clients' challenges, and our own towards Entra.</summary>
public static class Pkce
{
    /// <summary>The S256 challenge of <paramref name="verifier"/>: base64url(SHA-256(verifier)).</summary>
    public static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>True when <paramref name="verifier"/> is a well-formed verifier (43 to 128 characters) whose challenge is <paramref name="challenge"/>.</summary>
    public static bool Matches(string? verifier, string challenge) =>
        verifier is { Length: >= 43 and <= 128 }
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Challenge(verifier)), Encoding.ASCII.GetBytes(challenge));
}
