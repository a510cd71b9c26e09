using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunctionsMcp.OAuth.Clients;

/// <summary>
/// Where a <c>private_key_jwt</c> client keeps its public keys (RFC 7591 §2): a <c>jwks_uri</c> (https) or an inline
/// <c>jwks</c>, never both. Only public RSA and EC signing keys are accepted: a key set carrying private or symmetric
/// key material is refused, since whoever published it has given the secret away.
/// </summary>
public static class ClientKeySources
{
    public const int MaxJwksUriLength = 2000;
    public const int MaxKeys = 20;
    private static readonly string[] s_privateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    /// <summary>The key source of <paramref name="metadata"/> (one of the two set), or why it has none that can be used. <paramref name="where"/> starts the error.</summary>
    public static (string? JwksUri, string? Jwks, string? Error) Read(JsonObject metadata, string where)
    {
        JsonNode? uri = metadata["jwks_uri"];
        JsonNode? set = metadata["jwks"];
        if (uri is not null && set is not null)
            return (null, null, $"{where} gives both jwks_uri and jwks: give one");
        if (uri is null && set is null)
            return (null, null, $"{where} asks for 'private_key_jwt' but gives no jwks_uri or jwks to check its signatures with");
        if (uri is not null)
        {
            string? value = uri is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
            return value is { Length: <= MaxJwksUriLength } && Uri.TryCreate(value, UriKind.Absolute, out Uri? parsed)
                && parsed.Scheme == Uri.UriSchemeHttps && string.IsNullOrEmpty(parsed.UserInfo) && string.IsNullOrEmpty(parsed.Fragment)
                ? (value, null, null)
                : (null, null, $"{where} has a jwks_uri that is not an https URL of at most {MaxJwksUriLength} characters");
        }

        return KeySetProblem(set!) is { } problem ? (null, null, $"{where} has a jwks that {problem}") : (null, set!.ToJsonString(), null);
    }

    /// <summary>Why <paramref name="set"/> is not a usable set of public signing keys; null when it is.</summary>
    public static string? KeySetProblem(JsonNode set)
    {
        if (set is not JsonObject { } keySet || keySet["keys"] is not JsonArray keys)
            return "is not a JSON Web Key Set (an object with a 'keys' list)";
        if (keys.Count is 0 or > MaxKeys)
            return $"must hold 1 to {MaxKeys} keys";
        foreach (JsonNode? key in keys)
        {
            if (key is not JsonObject jwk)
                return "holds something that is not a key";
            if (jwk["kty"]?.GetValueKind() != JsonValueKind.String || jwk["kty"]!.GetValue<string>() is not ("RSA" or "EC"))
                return "holds a key that is not an RSA or EC public key";
            if (s_privateMembers.FirstOrDefault(m => jwk.ContainsKey(m)) is { } member)
                return $"holds private key material ('{member}'): publish public keys only";
            if (jwk["use"] is { } use && (use.GetValueKind() != JsonValueKind.String || use.GetValue<string>() != "sig"))
                return "holds a key whose 'use' is not 'sig'";
        }

        return null;
    }
}
