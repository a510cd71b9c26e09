using Azure.Data.Tables;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Goals;
using Azure;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>
/// Goals and their activities in Table Storage, one partition per organization. A participant's goals and a
/// goal's activities (newest first) are each one key range; a goal's id row, written in the same transaction
/// as the record, turns get-by-id into two point reads.
/// </summary>
internal sealed class TableGoalStore(TableProvider tables) : IGoalStore
{
    public async Task<Goal?> GetAsync(string organizationId, string id, CancellationToken cancellationToken) =>
        (await ParticipantRecordRows.GetAsync<GoalEntity>(await TableAsync(cancellationToken), organizationId, GoalKeys.Id(id), p => GoalKeys.Record(p, id), cancellationToken))?.ToGoal();

    public async Task<RecordOutcome<RecordPage<Goal>>> ListAsync(string organizationId, GoalQuery query, CancellationToken cancellationToken)
    {
        string? status = query.Status is { } s ? TableClient.CreateQueryFilter($"Status eq {s.ToString()}") : null;
        return await ReadPageAsync<GoalEntity, Goal>(organizationId, KeyRange.Prefix(GoalKeys.ParticipantPrefix(query.ParticipantId), status), query.Cursor, query.PageSize, e => e.ToGoal(), cancellationToken);
    }

    public async Task<RecordOutcome<Goal>> AddAsync(string organizationId, Goal goal, CancellationToken cancellationToken) =>
        await ParticipantRecordRows.AddAsync(await TableAsync(cancellationToken), GoalEntity.From(organizationId, goal), GoalKeys.Id(goal.Id), goal.ParticipantId,
            $"goal {goal.Id}", version => goal with { Version = version }, cancellationToken);

    public async Task<RecordOutcome<Goal>> ReplaceAsync(string organizationId, Goal updated, string expectedVersion, CancellationToken cancellationToken) =>
        await ParticipantRecordRows.ReplaceAsync(await TableAsync(cancellationToken), GoalEntity.From(organizationId, updated), expectedVersion,
            $"goal {updated.Id}", version => updated with { Version = version }, cancellationToken);

    public async Task<RecordOutcome<RecordPage<GoalActivity>>> ListActivitiesAsync(string organizationId, GoalActivityQuery query, CancellationToken cancellationToken)
    {
        return await ReadPageAsync<GoalActivityEntity, GoalActivity>(organizationId, KeyRange.Prefix(GoalKeys.ActivityPrefix(query.GoalId)), query.Cursor, query.PageSize, e => e.ToActivity(), cancellationToken);
    }

    public async Task<RecordOutcome<GoalActivity>> AddActivityAsync(string organizationId, GoalActivity activity, CancellationToken cancellationToken)
    {
        TableClient table = await TableAsync(cancellationToken);
        try
        {
            await table.AddEntityAsync(GoalActivityEntity.From(organizationId, activity), cancellationToken);
            return RecordOutcome<GoalActivity>.Ok(activity);
        }
        catch (RequestFailedException ex) when (ex.Failure == TableFailure.AlreadyExists)
        {
            return RecordOutcome<GoalActivity>.Duplicate("id", $"goal activity {activity.Id} already exists");
        }
    }

    private async Task<RecordOutcome<RecordPage<TRecord>>> ReadPageAsync<TEntity, TRecord>(
        string organizationId, KeyRange range, string? cursor, int pageSize, Func<TEntity, TRecord> map, CancellationToken cancellationToken)
        where TEntity : StoredEntity, new()
        where TRecord : class
    {
        TableClient table = await TableAsync(cancellationToken);
        return await RangePager.ReadAsync(table, organizationId, [range], pageSize, cursor, (TEntity _) => true, map, cancellationToken);
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.Goals, cancellationToken);
}
