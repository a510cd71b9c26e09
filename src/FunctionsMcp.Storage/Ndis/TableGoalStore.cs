using Azure;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Goals;
using FunctionsMcp.Storage.Tables;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>
/// Goals and their activities in Table Storage, one partition per organization. A participant's goals and a
/// goal's activities (newest first) are each one key range; a goal's id row, written in the same transaction
/// as the record, turns get-by-id into two point reads.
/// </summary>
internal sealed class TableGoalStore(TableProvider tables) : IGoalStore
{
    public async Task<Goal?> GetAsync(string organizationId, string id, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Goals, cancellationToken);
        GoalIdEntity? index = await table.GetEntityIfExistsAsync<GoalIdEntity>(organizationId, GoalKeys.Id(id), cancellationToken: cancellationToken);
        return index is null ? null
            : (await table.GetEntityIfExistsAsync<GoalEntity>(organizationId, GoalKeys.Record(index.ParticipantId, id), cancellationToken: cancellationToken))?.ToGoal();
    }

    public async Task<RecordOutcome<RecordPage<Goal>>> ListAsync(string organizationId, GoalQuery query, CancellationToken cancellationToken)
    {
        TableFilter? status = query.Status is { } s ? TableFilter.Create($"Status eq {s.ToString()}") : null;
        return await ReadPageAsync<GoalEntity, Goal>(organizationId, KeyRange.Prefix(GoalKeys.ParticipantPrefix(query.ParticipantId), status), query.Cursor, query.PageSize, e => e.ToGoal(), cancellationToken);
    }

    public async Task<RecordOutcome<Goal>> AddAsync(string organizationId, Goal goal, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Goals, cancellationToken);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, GoalEntity.From(organizationId, goal)),
            new(TableTransactionActionType.Add, new GoalIdEntity { PartitionKey = organizationId, RowKey = GoalKeys.Id(goal.Id), ParticipantId = goal.ParticipantId }),
        };
        try
        {
            IReadOnlyList<ETag> etags = await table.SubmitTransactionAsync(actions, cancellationToken);
            return RecordOutcome<Goal>.Ok(goal with { Version = etags[0].ToString() });
        }
        catch (TableTransactionFailedException ex) when (ex.Failure == TableFailure.AlreadyExists)
        {
            return RecordOutcome<Goal>.Duplicate("id", $"goal {goal.Id} already exists");
        }
    }

    public async Task<RecordOutcome<Goal>> ReplaceAsync(string organizationId, Goal updated, string expectedVersion, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Goals, cancellationToken);
        try
        {
            ETag etag = await table.UpdateEntityAsync(GoalEntity.From(organizationId, updated), new ETag(expectedVersion), TableUpdateMode.Replace, cancellationToken);
            return RecordOutcome<Goal>.Ok(updated with { Version = etag.ToString() });
        }
        catch (TableStorageException ex) when (ex.Failure is TableFailure.PreconditionFailed or TableFailure.BadRequest)
        {
            return RecordOutcome<Goal>.Stale($"goal {updated.Id} has changed since version {expectedVersion} was read: read it again and retry with the new version");
        }
        catch (TableStorageException ex) when (ex.Failure == TableFailure.NotFound)
        {
            return RecordOutcome<Goal>.NotFound($"goal {updated.Id} was not found");
        }
    }

    public async Task<RecordOutcome<RecordPage<GoalActivity>>> ListActivitiesAsync(string organizationId, GoalActivityQuery query, CancellationToken cancellationToken)
    {
        return await ReadPageAsync<GoalActivityEntity, GoalActivity>(organizationId, KeyRange.Prefix(GoalKeys.ActivityPrefix(query.GoalId)), query.Cursor, query.PageSize, e => e.ToActivity(), cancellationToken);
    }

    public async Task<RecordOutcome<GoalActivity>> AddActivityAsync(string organizationId, GoalActivity activity, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Goals, cancellationToken);
        try
        {
            await table.AddEntityAsync(GoalActivityEntity.From(organizationId, activity), cancellationToken);
            return RecordOutcome<GoalActivity>.Ok(activity);
        }
        catch (TableStorageException ex) when (ex.Failure == TableFailure.AlreadyExists)
        {
            return RecordOutcome<GoalActivity>.Duplicate("id", $"goal activity {activity.Id} already exists");
        }
    }

    private async Task<RecordOutcome<RecordPage<TRecord>>> ReadPageAsync<TEntity, TRecord>(
        string organizationId, KeyRange range, string? cursor, int pageSize, Func<TEntity, TRecord> map, CancellationToken cancellationToken)
        where TEntity : StoredEntity, new()
        where TRecord : class
    {
        TableClient table = await tables.GetAsync(TableNames.Goals, cancellationToken);
        return await RangePager.ReadAsync(table, organizationId, [range], pageSize, cursor, (TEntity _) => true, map, cancellationToken);
    }
}
