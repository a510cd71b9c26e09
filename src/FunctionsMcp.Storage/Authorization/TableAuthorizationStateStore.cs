using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FunctionsMcp.OAuth.Authorization;
using FunctionsMcp.OAuth.Tokens;

namespace FunctionsMcp.Storage.Authorization;

/// <summary>
/// The authorization server's state in one table, every row a point read by hash: PK <c>req_&lt;hash&gt;</c>,
/// <c>code_&lt;hash&gt;</c>, <c>rt_&lt;hash&gt;</c>, <c>consent_&lt;hash of org, user, client&gt;</c> or
/// <c>jti_&lt;hash of client, assertion id&gt;</c>, RK <c>s</c>.
/// Single use (codes, rotation, finished requests) is a compare-and-swap on the row's ETag, so two instances racing
/// on one code or refresh token cannot both win.
/// </summary>
internal sealed class TableAuthorizationStateStore(TableProvider tables) : IAuthorizationStateStore
{
    private const string Row = "s";

    public async Task AddRequestAsync(PendingAuthorization request, CancellationToken cancellationToken) =>
        await (await TableAsync(cancellationToken)).AddEntityAsync(RequestEntity.From(request), cancellationToken);

    public async Task<PendingAuthorization?> GetRequestAsync(string idHash, CancellationToken cancellationToken) =>
        (await GetAsync<RequestEntity>("req_" + idHash, cancellationToken))?.ToRequest();

    public async Task<bool> UpdateRequestAsync(PendingAuthorization request, CancellationToken cancellationToken) =>
        await ReplaceAsync(RequestEntity.From(request), request.Version, cancellationToken);

    public async Task<bool> DeleteRequestAsync(PendingAuthorization request, CancellationToken cancellationToken) =>
        await (await TableAsync(cancellationToken)).TryDeleteAsync("req_" + request.IdHash, Row, new ETag(request.Version), cancellationToken);

    public async Task AddCodeAsync(AuthorizationCode code, CancellationToken cancellationToken) =>
        await (await TableAsync(cancellationToken)).AddEntityAsync(CodeEntity.From(code), cancellationToken);

    public async Task<AuthorizationCode?> GetCodeAsync(string hash, CancellationToken cancellationToken) =>
        (await GetAsync<CodeEntity>("code_" + hash, cancellationToken))?.ToCode();

    public async Task<bool> MarkCodeUsedAsync(AuthorizationCode code, DateTimeOffset at, CancellationToken cancellationToken) =>
        code.UsedAt is null && await ReplaceAsync(CodeEntity.From(code with { UsedAt = at }), code.Version, cancellationToken);

    public async Task AddRefreshTokenAsync(RefreshToken token, CancellationToken cancellationToken) =>
        await (await TableAsync(cancellationToken)).AddEntityAsync(RefreshEntity.From(token), cancellationToken);

    public async Task<RefreshToken?> GetRefreshTokenAsync(string hash, CancellationToken cancellationToken) =>
        (await GetAsync<RefreshEntity>("rt_" + hash, cancellationToken))?.ToToken();

    public async Task<bool> MarkRotatedAsync(RefreshToken token, DateTimeOffset at, CancellationToken cancellationToken) =>
        token.RotatedAt is null && await ReplaceAsync(RefreshEntity.From(token with { RotatedAt = at }), token.Version, cancellationToken);

    public async Task<Consent?> GetConsentAsync(string organizationId, string userId, string clientId, CancellationToken cancellationToken) =>
        (await GetAsync<ConsentEntity>(ConsentEntity.Key(organizationId, userId, clientId), cancellationToken))?.ToConsent();

    public async Task SaveConsentAsync(Consent consent, CancellationToken cancellationToken) =>
        await (await TableAsync(cancellationToken)).UpsertEntityAsync(ConsentEntity.From(consent), TableUpdateMode.Replace, cancellationToken);

    public async Task<bool> UseAssertionIdAsync(string clientId, string jti, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        TableClient table = await TableAsync(cancellationToken);
        var used = new AssertionIdEntity { PartitionKey = "jti_" + OpaqueSecret.Hash($"{clientId}\n{jti}"), RowKey = Row, ExpiresAt = expiresAt };
        try
        {
            await table.AddEntityAsync(used, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Failure == TableFailure.AlreadyExists)
        {
            // Seen before: usable again only once the earlier assertion has expired (its row is not pruned yet).
            AssertionIdEntity? earlier = await table.FindAsync<AssertionIdEntity>(used.PartitionKey, Row, cancellationToken: cancellationToken);
            return earlier is not null && earlier.ExpiresAt <= now && await ReplaceAsync(used, earlier.ETag.ToString(), cancellationToken);
        }
    }

    public Task<int> DeleteExpiredRequestsAsync(DateTimeOffset now, int max, PruneMode mode, CancellationToken cancellationToken) =>
        DeleteExpiredAsync("req_", now, max, mode, cancellationToken);

    // A used code that has not expired is kept: redeeming it again must still find it and revoke its grant.
    public Task<int> DeleteExpiredCodesAsync(DateTimeOffset now, int max, PruneMode mode, CancellationToken cancellationToken) =>
        DeleteExpiredAsync("code_", now, max, mode, cancellationToken);

    // A rotated token is kept until it expires too: presenting it after the grace window must still find it.
    public Task<int> DeleteExpiredRefreshTokensAsync(DateTimeOffset now, int max, PruneMode mode, CancellationToken cancellationToken) =>
        DeleteExpiredAsync("rt_", now, max, mode, cancellationToken);

    public Task<int> DeleteExpiredAssertionIdsAsync(DateTimeOffset now, int max, PruneMode mode, CancellationToken cancellationToken) =>
        DeleteExpiredAsync("jti_", now, max, mode, cancellationToken);

    /// <summary>Rows of one kind (partition keys starting with <paramref name="prefix"/>) whose <c>ExpiresAt</c> has passed.</summary>
    private async Task<int> DeleteExpiredAsync(string prefix, DateTimeOffset now, int max, PruneMode mode, CancellationToken cancellationToken)
    {
        TableClient table = await TableAsync(cancellationToken);
        string filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {prefix} and PartitionKey lt {prefix + '\uffff'} and ExpiresAt le {now}");
        return await RowPruning.DeleteAsync(table, filter, [nameof(RequestEntity.ExpiresAt)], _ => true, max, mode, cancellationToken);
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.AuthorizationState, cancellationToken);

    private async Task<T?> GetAsync<T>(string partitionKey, CancellationToken cancellationToken) where T : class, ITableEntity, new() =>
        TableKeys.IsValid(partitionKey)
            ? await (await TableAsync(cancellationToken)).FindAsync<T>(partitionKey, Row, cancellationToken: cancellationToken)
            : null;

    private async Task<bool> ReplaceAsync(StoredEntity entity, string version, CancellationToken cancellationToken)
    {
        try
        {
            await (await TableAsync(cancellationToken)).UpdateEntityAsync(entity, new ETag(version), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Failure is TableFailure.PreconditionFailed or TableFailure.NotFound)
        {
            return false;
        }
    }

    private static string List(IEnumerable<string> values) => JsonSerializer.Serialize(values);

    private static string[] List(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];

    internal sealed class RequestEntity : StoredEntity
    {
        public string ClientId { get; set; } = string.Empty;
        public string RedirectUri { get; set; } = string.Empty;
        public string? State { get; set; }
        public string CodeChallenge { get; set; } = string.Empty;
        public string Scopes { get; set; } = string.Empty;
        public string BrowserHash { get; set; } = string.Empty;
        public DateTimeOffset ExpiresAt { get; set; }
        public string? OrganizationId { get; set; }
        public string? UserId { get; set; }
        public string? Nonce { get; set; }
        public string? UpstreamVerifier { get; set; }

        /// <summary>Absent (false) on rows written before it was recorded.</summary>
        public bool OfflineAccess { get; set; }

        /// <summary>Set only on a sign-in to the settings pages.</summary>
        public string? ReturnPath { get; set; }

        public static RequestEntity From(PendingAuthorization r) => new()
        {
            PartitionKey = "req_" + r.IdHash, RowKey = Row, ClientId = r.ClientId, RedirectUri = r.RedirectUri, State = r.State, CodeChallenge = r.CodeChallenge,
            Scopes = OAuth.Identity.Scopes.Format(r.Scopes), BrowserHash = r.BrowserHash, ExpiresAt = r.ExpiresAt,
            OrganizationId = r.OrganizationId, UserId = r.UserId, Nonce = r.Nonce, UpstreamVerifier = r.UpstreamVerifier, OfflineAccess = r.OfflineAccess,
            ReturnPath = r.ReturnPath,
        };

        public PendingAuthorization ToRequest() => new(PartitionKey[4..], ClientId, RedirectUri, State, CodeChallenge, OAuth.Identity.Scopes.Parse(Scopes),
            BrowserHash, ExpiresAt, OrganizationId, UserId, Nonce, UpstreamVerifier, OfflineAccess, ETag.ToString(), ReturnPath);
    }

    internal sealed class CodeEntity : StoredEntity
    {
        public string OrganizationId { get; set; } = string.Empty;
        public string UserId { get; set; } = string.Empty;
        public string GrantId { get; set; } = string.Empty;
        public string ClientId { get; set; } = string.Empty;
        public string RedirectUri { get; set; } = string.Empty;
        public string CodeChallenge { get; set; } = string.Empty;
        public string Scopes { get; set; } = string.Empty;
        public DateTimeOffset ExpiresAt { get; set; }
        public DateTimeOffset? UsedAt { get; set; }

        /// <summary>Absent (false) on rows written before it was recorded.</summary>
        public bool OfflineAccess { get; set; }

        public static CodeEntity From(AuthorizationCode c) => new()
        {
            PartitionKey = "code_" + c.Hash, RowKey = Row, OrganizationId = c.OrganizationId, UserId = c.UserId, GrantId = c.GrantId, ClientId = c.ClientId,
            RedirectUri = c.RedirectUri, CodeChallenge = c.CodeChallenge, Scopes = OAuth.Identity.Scopes.Format(c.Scopes), ExpiresAt = c.ExpiresAt, UsedAt = c.UsedAt,
            OfflineAccess = c.OfflineAccess,
        };

        public AuthorizationCode ToCode() => new(PartitionKey[5..], OrganizationId, UserId, GrantId, ClientId, RedirectUri, CodeChallenge,
            OAuth.Identity.Scopes.Parse(Scopes), ExpiresAt, UsedAt, OfflineAccess, ETag.ToString());
    }

    internal sealed class RefreshEntity : StoredEntity
    {
        public string OrganizationId { get; set; } = string.Empty;
        public string GrantId { get; set; } = string.Empty;
        public string ClientId { get; set; } = string.Empty;
        public string Scopes { get; set; } = string.Empty;
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset ExpiresAt { get; set; }
        public DateTimeOffset? RotatedAt { get; set; }

        /// <summary>Absent (false) on rows written before it was recorded.</summary>
        public bool OfflineAccess { get; set; }

        public static RefreshEntity From(RefreshToken t) => new()
        {
            PartitionKey = "rt_" + t.Hash, RowKey = Row, OrganizationId = t.OrganizationId, GrantId = t.GrantId, ClientId = t.ClientId,
            Scopes = OAuth.Identity.Scopes.Format(t.Scopes), CreatedAt = t.CreatedAt, ExpiresAt = t.ExpiresAt, RotatedAt = t.RotatedAt,
            OfflineAccess = t.OfflineAccess,
        };

        public RefreshToken ToToken() => new(PartitionKey[3..], OrganizationId, GrantId, ClientId, OAuth.Identity.Scopes.Parse(Scopes), CreatedAt, ExpiresAt, RotatedAt, OfflineAccess, ETag.ToString());
    }

    internal sealed class AssertionIdEntity : StoredEntity
    {
        public DateTimeOffset ExpiresAt { get; set; }
    }

    internal sealed class ConsentEntity : StoredEntity
    {
        public string OrganizationId { get; set; } = string.Empty;
        public string UserId { get; set; } = string.Empty;
        public string ClientId { get; set; } = string.Empty;
        public string Scopes { get; set; } = string.Empty;
        public string RedirectUris { get; set; } = "[]";
        public DateTimeOffset GrantedAt { get; set; }

        public static string Key(string organizationId, string userId, string clientId) => "consent_" + OpaqueSecret.Hash($"{organizationId}\n{userId}\n{clientId}");

        public static ConsentEntity From(Consent c) => new()
        {
            PartitionKey = Key(c.OrganizationId, c.UserId, c.ClientId), RowKey = Row, OrganizationId = c.OrganizationId, UserId = c.UserId, ClientId = c.ClientId,
            Scopes = OAuth.Identity.Scopes.Format(c.Scopes), RedirectUris = List(c.RedirectUris), GrantedAt = c.GrantedAt,
        };

        public Consent ToConsent() => new(OrganizationId, UserId, ClientId, OAuth.Identity.Scopes.Parse(Scopes), List(RedirectUris), GrantedAt);
    }
}
