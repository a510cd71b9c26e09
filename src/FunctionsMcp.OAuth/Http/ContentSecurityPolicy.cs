using System.Security.Cryptography;
using System.Text;

namespace FunctionsMcp.OAuth.Http;

/// <summary>Source expressions for our pages' Content-Security-Policy (CSP Level 3).</summary>
internal static class ContentSecurityPolicy
{
    /// <summary>
    /// The <c>'sha256-…'</c> source that allows exactly this inline <c>&lt;style&gt;</c> or <c>&lt;script&gt;</c> text
    /// (CSP3 §8.4: the hash of the element's text as written, UTF-8 encoded), so a page needs no <c>'unsafe-inline'</c>.
    /// </summary>
    public static string Hash(string text) => "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text))) + "'";
}
