using Azure;
using Azure.Data.Tables;
using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>The id row of a record kept under its participant: which participant, so get-by-id knows the record's row key.</summary>
internal sealed class ParticipantIdEntity : StoredEntity
{
    public string ParticipantId { get; set; } = string.Empty;
}

/// <summary>
/// Records kept under their participant, as goals and funding lines are: the record row (RK
/// <c>&lt;prefix&gt;_&lt;participantId&gt;_&lt;id&gt;</c>, so a participant's records are one key range) and an id row naming
/// the participant, written in one transaction. Get-by-id is two point reads; the ETag of the record row is its version.
/// </summary>
internal static class ParticipantRecordRows
{
    /// <summary>The record whose id row is <paramref name="idRowKey"/>, or null when either row is missing.</summary>
    public static async Task<TEntity?> GetAsync<TEntity>(
        TableClient table, string organizationId, string idRowKey, Func<string, string> recordRowKey, CancellationToken cancellationToken)
        where TEntity : StoredEntity, new()
    {
        ParticipantIdEntity? index = await table.FindAsync<ParticipantIdEntity>(organizationId, idRowKey, cancellationToken: cancellationToken);
        return index is null ? null
            : await table.FindAsync<TEntity>(organizationId, recordRowKey(index.ParticipantId), cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Adds the record and its id row together; <see cref="RecordFailure.Duplicate"/> (nothing written) when the id is taken.
    /// <c>name</c> is the record as messages name it, e.g. <c>goal gl_…</c>.
    /// </summary>
    public static async Task<RecordOutcome<T>> AddAsync<T>(
        TableClient table, StoredEntity record, string idRowKey, string participantId, string name, Func<string, T> withVersion, CancellationToken cancellationToken)
        where T : class
    {
        var index = new ParticipantIdEntity { PartitionKey = record.PartitionKey, RowKey = idRowKey, ParticipantId = participantId };
        try
        {
            IReadOnlyList<Response> written = await TableBatches.SubmitAtomicAsync(table,
                [new(TableTransactionActionType.Add, record), new(TableTransactionActionType.Add, index)], cancellationToken);
            return RecordOutcome<T>.Ok(withVersion(written[0].Version()));
        }
        catch (TableTransactionFailedException ex) when (ex.Failure == TableFailure.AlreadyExists)
        {
            return RecordOutcome<T>.Duplicate("id", $"{name} already exists");
        }
    }

    /// <summary>
    /// Replaces the record row if <paramref name="expectedVersion"/> is still its ETag; a stale (or malformed) one is refused.
    /// <c>name</c> is the record as messages name it, e.g. <c>goal gl_…</c>.
    /// </summary>
    public static async Task<RecordOutcome<T>> ReplaceAsync<T>(
        TableClient table, StoredEntity record, string expectedVersion, string name, Func<string, T> withVersion, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            Response response = await table.UpdateEntityAsync(record, new ETag(expectedVersion), TableUpdateMode.Replace, cancellationToken);
            return RecordOutcome<T>.Ok(withVersion(response.Version()));
        }
        catch (RequestFailedException ex) when (ex.Failure is TableFailure.PreconditionFailed or TableFailure.BadRequest)
        {
            return RecordOutcome<T>.Stale($"{name} has changed since version {expectedVersion} was read: read it again and retry with the new version");
        }
        catch (RequestFailedException ex) when (ex.Failure == TableFailure.NotFound)
        {
            return RecordOutcome<T>.NotFound($"{name} was not found");
        }
    }
}
