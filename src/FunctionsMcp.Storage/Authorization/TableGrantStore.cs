using Azure;
using Azure.Data.Tables;
using FunctionsMcp.OAuth.Grants;

namespace FunctionsMcp.Storage.Authorization;

/// <summary>
/// Grants in Table Storage, one partition per organization, so checking a token's grant is one point read
/// (the token names both) and an organization's grants are one partition.
/// </summary>
internal sealed class TableGrantStore(TableProvider tables) : IGrantStore
{
    internal sealed class GrantEntity : StoredEntity
    {
        public string UserId { get; set; } = string.Empty;
        public string ClientId { get; set; } = string.Empty;
        public string Scopes { get; set; } = string.Empty;
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? LastUsedAt { get; set; }
        public DateTimeOffset? RevokedAt { get; set; }
        public string? RevokedReason { get; set; }

        /// <summary>Absent (null) on rows written before it was recorded.</summary>
        public string? ClientName { get; set; }

        public Grant ToGrant() => new(RowKey, PartitionKey, UserId, ClientId, OAuth.Identity.Scopes.Parse(Scopes), CreatedAt, LastUsedAt, RevokedAt, RevokedReason, ClientName);
    }

    public async Task AddAsync(Grant grant, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Grants, cancellationToken);
        await table.AddEntityAsync(new GrantEntity
        {
            PartitionKey = grant.OrganizationId,
            RowKey = grant.Id,
            UserId = grant.UserId,
            ClientId = grant.ClientId,
            Scopes = OAuth.Identity.Scopes.Format(grant.Scopes),
            CreatedAt = grant.CreatedAt,
            ClientName = grant.ClientName,
        }, cancellationToken);
    }

    public async Task<Grant?> GetAsync(string organizationId, string id, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(organizationId) || !TableKeys.IsValid(id))
            return null;
        TableClient table = await tables.GetAsync(TableNames.Grants, cancellationToken);
        return (await table.FindAsync<GrantEntity>(organizationId, id, cancellationToken: cancellationToken))?.ToGrant();
    }

    public async Task<IReadOnlyList<Grant>> ListAsync(string organizationId, string? userId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Grants, cancellationToken);
        string filter = userId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {organizationId}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {organizationId} and UserId eq {userId}");
        return await table.QueryAsync<GrantEntity>(filter, cancellationToken: cancellationToken)
            .Select(e => e.ToGrant()).OrderByDescending(g => g.CreatedAt).ToListAsync(cancellationToken);
    }

    public async Task<bool> RevokeAsync(string organizationId, string id, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        Grant? grant = await GetAsync(organizationId, id, cancellationToken);
        if (grant is null)
            return false;
        if (grant.RevokedAt is not null)
            return true;
        TableClient table = await tables.GetAsync(TableNames.Grants, cancellationToken);
        await table.UpdateEntityAsync(new TableEntity(organizationId, id) { ["RevokedAt"] = at, ["RevokedReason"] = reason }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        return true;
    }

    public async Task TouchAsync(string organizationId, string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Grants, cancellationToken);
        await LastUsed.TouchAsync(table, organizationId, id, at, cancellationToken);
    }
}
