using Azure;
using Azure.Data.Tables;
using FunctionsMcp.OAuth.Settings;
using FunctionsMcp.OAuth.Authorization;

namespace FunctionsMcp.Storage.Settings;

/// <summary>
/// Settings sessions in the authorization server's state table, each a point read by hash: PK <c>ses_&lt;hash&gt;</c>,
/// RK <c>s</c>. Pruned like the rest of that table once <c>ExpiresAt</c> has passed.
/// </summary>
internal sealed class TableSettingsSessionStore(TableProvider tables) : ISettingsSessionStore
{
    private const string Prefix = "ses_";
    private const string Row = "s";

    internal sealed class SessionEntity : StoredEntity
    {
        public string OrganizationId { get; set; } = string.Empty;
        public string UserId { get; set; } = string.Empty;
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset ExpiresAt { get; set; }
    }

    public async Task AddAsync(SettingsSession session, CancellationToken cancellationToken) =>
        await (await TableAsync(cancellationToken)).AddEntityAsync(new SessionEntity
        {
            PartitionKey = Prefix + session.IdHash,
            RowKey = Row,
            OrganizationId = session.OrganizationId,
            UserId = session.UserId,
            CreatedAt = session.CreatedAt,
            ExpiresAt = session.ExpiresAt,
        }, cancellationToken);

    public async Task<SettingsSession?> GetAsync(string idHash, CancellationToken cancellationToken) =>
        TableKeys.IsValid(Prefix + idHash)
        && await (await TableAsync(cancellationToken)).FindAsync<SessionEntity>(Prefix + idHash, Row, cancellationToken) is { } row
            ? new SettingsSession(idHash, row.OrganizationId, row.UserId, row.CreatedAt, row.ExpiresAt)
            : null;

    public async Task ExtendAsync(string idHash, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        try
        {
            // A merge never creates a row, so a session signed out meanwhile is not brought back.
            await (await TableAsync(cancellationToken)).UpdateEntityAsync(
                new TableEntity(Prefix + idHash, Row) { [nameof(SessionEntity.ExpiresAt)] = expiresAt }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Failure == TableFailure.NotFound)
        {
        }
    }

    public async Task DeleteAsync(string idHash, CancellationToken cancellationToken) =>
        await (await TableAsync(cancellationToken)).TryDeleteAsync(Prefix + idHash, Row, ETag.All, cancellationToken);

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, int max, PruneMode mode, CancellationToken cancellationToken)
    {
        string filter = TableClient.CreateQueryFilter($"PartitionKey ge {Prefix} and PartitionKey lt {Prefix + '\uffff'} and ExpiresAt le {now}");
        return await RowPruning.DeleteAsync(await TableAsync(cancellationToken), filter, [nameof(SessionEntity.ExpiresAt)], _ => true, max, mode, cancellationToken);
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.AuthorizationState, cancellationToken);
}
