using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FunctionsMcp.OAuth.Tokens;

/// <summary>One RSA signing key: its <c>kid</c>, when it was made, and the key itself.</summary>
public sealed class SigningKey(string id, DateTimeOffset createdAt, RSA rsa)
{
    public string Id { get; } = id;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public RsaSecurityKey SecurityKey { get; } = new(rsa) { KeyId = id };

    /// <summary>The public half as a JWK (RFC 7517), for the JWKS endpoint.</summary>
    public IReadOnlyDictionary<string, string> PublicJwk
    {
        get
        {
            RSAParameters p = SecurityKey.Rsa.ExportParameters(includePrivateParameters: false);
            return new Dictionary<string, string>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = SecurityAlgorithms.RsaSha256,
                ["kid"] = Id,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            };
        }
    }

    internal string PrivateKey => Convert.ToBase64String(SecurityKey.Rsa.ExportPkcs8PrivateKey());
}

/// <summary>
/// The token-signing keys: the newest signs; every key still listed validates. The set is created on first use
/// if there is none, cached, and re-read when a token names a key this instance has not seen (another instance
/// rotated). Rotation adds a key and drops only keys retired longer ago than an access token lives, so tokens
/// signed before a rotation keep validating until they expire.
/// </summary>
public sealed class SigningKeys(ISigningKeyStore store, IOptions<OAuthOptions> options, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan s_cacheFor = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan s_reloadAtMostEvery = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private IReadOnlyList<SigningKey>? _keys;
    private DateTimeOffset _loadedAt;

    /// <summary>The key new tokens are signed with.</summary>
    public async Task<SigningKey> CurrentAsync(CancellationToken cancellationToken) => (await AllAsync(cancellationToken))[0];

    /// <summary>Every key that validates, newest first.</summary>
    public async Task<IReadOnlyList<SigningKey>> AllAsync(CancellationToken cancellationToken)
    {
        if (_keys is { } keys && time.GetUtcNow() - _loadedAt < s_cacheFor)
            return keys;
        return await LoadAsync(force: false, cancellationToken);
    }

    /// <summary>The key with this <c>kid</c>, or null.</summary>
    public async Task<SigningKey?> FindAsync(string kid, CancellationToken cancellationToken)
    {
        if ((await AllAsync(cancellationToken)).FirstOrDefault(k => k.Id == kid) is { } known)
            return known;
        if (time.GetUtcNow() - _loadedAt < s_reloadAtMostEvery)
            return null;
        return (await LoadAsync(force: true, cancellationToken)).FirstOrDefault(k => k.Id == kid);
    }

    /// <summary>Adds a new current key and drops keys nobody can still hold a token for. Returns the new key.</summary>
    public async Task<SigningKey> RotateAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            List<SigningKey> keys = Parse(await store.ReadAsync(cancellationToken));
            DateTimeOffset now = time.GetUtcNow();
            SigningKey created = Generate(now);
            var kept = new List<SigningKey> { created };
            for (int i = 0; i < keys.Count; i++)
            {
                // A key stopped signing when the key before it in the list was created.
                DateTimeOffset retiredAt = i == 0 ? now : keys[i - 1].CreatedAt;
                if (now - retiredAt <= options.Value.AccessTokenLifetime + TimeSpan.FromMinutes(5))
                    kept.Add(keys[i]);
            }

            await store.WriteAsync(Serialize(kept), cancellationToken);
            Remember(kept);
            return created;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<IReadOnlyList<SigningKey>> LoadAsync(bool force, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (!force && _keys is { } fresh && time.GetUtcNow() - _loadedAt < s_cacheFor)
                return fresh;
            List<SigningKey> keys = Parse(await store.ReadAsync(cancellationToken));
            if (keys.Count == 0)
            {
                keys = [Generate(time.GetUtcNow())];
                await store.WriteAsync(Serialize(keys), cancellationToken);
                // Another instance may have written its own first key at the same moment: keep what is stored.
                keys = Parse(await store.ReadAsync(cancellationToken));
            }

            Remember(keys);
            return keys;
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();

    private void Remember(IReadOnlyList<SigningKey> keys)
    {
        _keys = keys;
        _loadedAt = time.GetUtcNow();
    }

    private static SigningKey Generate(DateTimeOffset now) =>
        new($"k{now.ToUnixTimeSeconds()}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}", now, RSA.Create(2048));

    private static List<SigningKey> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return [];
        StoredKeySet set = JsonSerializer.Deserialize<StoredKeySet>(json)
            ?? throw new InvalidOperationException("The signing key set is empty or not JSON.");
        return set.Keys.Select(k =>
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(k.PrivateKey), out _);
            return new SigningKey(k.Id, k.CreatedAt, rsa);
        }).OrderByDescending(k => k.CreatedAt).ToList();
    }

    private static string Serialize(IEnumerable<SigningKey> keys) =>
        JsonSerializer.Serialize(new StoredKeySet([.. keys.Select(k => new StoredKey(k.Id, k.CreatedAt, k.PrivateKey))]));

    private sealed record StoredKeySet([property: JsonPropertyName("keys")] IReadOnlyList<StoredKey> Keys);

    private sealed record StoredKey(
        [property: JsonPropertyName("kid")] string Id,
        [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
        [property: JsonPropertyName("pkcs8")] string PrivateKey);
}
