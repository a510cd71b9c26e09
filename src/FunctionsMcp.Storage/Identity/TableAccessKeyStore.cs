using Azure;
using Azure.Data.Tables;
using FunctionsMcp.OAuth.AccessKeys;

namespace FunctionsMcp.Storage.Identity;

/// <summary>
/// Access keys in Table Storage, keyed by key id so that checking a key is one point read. Listing an
/// organization's keys filters the table (an admin action, not on the request path).
/// </summary>
internal sealed class TableAccessKeyStore(TableProvider tables) : IAccessKeyStore
{
    private const string Row = "key";

    internal sealed class AccessKeyEntity : StoredEntity
    {
        public AccessKeyEntity()
        {
            RowKey = Row;
        }

        public string OrganizationId { get; set; } = string.Empty;
        public string UserId { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        public string Scopes { get; set; } = string.Empty;
        public byte[] SecretHash { get; set; } = [];
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? ExpiresAt { get; set; }
        public DateTimeOffset? LastUsedAt { get; set; }
        public DateTimeOffset? RevokedAt { get; set; }

        public AccessKey ToKey() => new(PartitionKey, OrganizationId, UserId, Name, OAuth.Identity.Scopes.Parse(Scopes), SecretHash, CreatedAt, ExpiresAt, LastUsedAt, RevokedAt);
    }

    public async Task AddAsync(AccessKey key, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.AccessKeys, cancellationToken);
        await table.AddEntityAsync(new AccessKeyEntity
        {
            PartitionKey = key.Id,
            OrganizationId = key.OrganizationId,
            UserId = key.UserId,
            Name = key.Name,
            Scopes = OAuth.Identity.Scopes.Format(key.Scopes),
            SecretHash = key.SecretHash,
            CreatedAt = key.CreatedAt,
            ExpiresAt = key.ExpiresAt,
        }, cancellationToken);
    }

    public async Task<AccessKey?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(id))
            return null;
        TableClient table = await tables.GetAsync(TableNames.AccessKeys, cancellationToken);
        return (await table.FindAsync<AccessKeyEntity>(id, Row, cancellationToken: cancellationToken))?.ToKey();
    }

    public async Task<IReadOnlyList<AccessKey>> ListAsync(string organizationId, string? userId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.AccessKeys, cancellationToken);
        string filter = userId is null
            ? TableClient.CreateQueryFilter($"OrganizationId eq {organizationId}")
            : TableClient.CreateQueryFilter($"OrganizationId eq {organizationId} and UserId eq {userId}");
        return await table.QueryAsync<AccessKeyEntity>(filter, cancellationToken: cancellationToken)
            .Select(e => e.ToKey()).OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);
    }

    public async Task<bool> RevokeAsync(string organizationId, string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        AccessKey? key = await GetAsync(id, cancellationToken);
        if (key is null || key.OrganizationId != organizationId)
            return false;
        if (key.RevokedAt is not null)
            return true;
        TableClient table = await tables.GetAsync(TableNames.AccessKeys, cancellationToken);
        await table.UpdateEntityAsync(new TableEntity(id, Row) { ["RevokedAt"] = at }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        return true;
    }

    public async Task TouchAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.AccessKeys, cancellationToken);
        await LastUsed.TouchAsync(table, id, Row, at, cancellationToken);
    }
}
