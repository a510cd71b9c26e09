using Azure;
using Azure.Data.Tables;
using FunctionsMcp.Ndis.CarePlans;
using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>
/// Care plans in Table Storage, one partition per organization. A participant's plans are one key range; a plan's
/// id row turns get-by-id into two point reads. A marker row per participant names its current plan, and is added or
/// deleted in the same transaction as the plan that becomes or stops being current, so two current plans cannot both be written.
/// </summary>
internal sealed class TableCarePlanStore(TableProvider tables) : ICarePlanStore
{
    public async Task<CarePlan?> GetAsync(string organizationId, string id, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.CarePlans, cancellationToken);
        CarePlanPointerEntity? index = await table.FindAsync<CarePlanPointerEntity>(organizationId, CarePlanKeys.Id(id), cancellationToken: cancellationToken);
        return index is null ? null
            : (await table.FindAsync<CarePlanEntity>(organizationId, CarePlanKeys.Record(index.ParticipantId, id), cancellationToken: cancellationToken))?.ToCarePlan();
    }

    public async Task<RecordOutcome<RecordPage<CarePlan>>> ListAsync(string organizationId, CarePlanQuery query, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.CarePlans, cancellationToken);
        string? status = query.Status is { } s ? TableClient.CreateQueryFilter($"Status eq {s.ToString()}") : null;
        KeyRange range = KeyRange.Prefix(CarePlanKeys.ParticipantPrefix(query.ParticipantId), status);
        return await RangePager.ReadAsync(table, organizationId, [range], query.PageSize, query.Cursor, (CarePlanEntity _) => true, e => e.ToCarePlan(), cancellationToken);
    }

    public async Task<RecordOutcome<CarePlan>> AddAsync(string organizationId, CarePlan plan, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.CarePlans, cancellationToken);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, CarePlanEntity.From(organizationId, plan)),
            new(TableTransactionActionType.Add, Pointer(organizationId, CarePlanKeys.Id(plan.Id), plan)),
        };
        if (CarePlan.IsCurrent(plan.Status))
            actions.Add(new(TableTransactionActionType.Add, Pointer(organizationId, CarePlanKeys.Current(plan.ParticipantId), plan)));
        try
        {
            IReadOnlyList<Response> written = await TableBatches.SubmitAtomicAsync(table, actions, cancellationToken);
            return RecordOutcome<CarePlan>.Ok(plan with { Version = written[0].Version() });
        }
        catch (TableTransactionFailedException ex) when (ex.Failure == TableFailure.AlreadyExists && ex.FailedTransactionActionIndex == 2)
        {
            return await CurrentTakenAsync(table, organizationId, plan, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Failure == TableFailure.AlreadyExists)
        {
            return RecordOutcome<CarePlan>.Duplicate("id", $"care plan {plan.Id} already exists");
        }
    }

    public async Task<RecordOutcome<CarePlan>> ReplaceAsync(string organizationId, CarePlan current, CarePlan updated, string expectedVersion, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.CarePlans, cancellationToken);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, CarePlanEntity.From(organizationId, updated), new ETag(expectedVersion)),
        };
        bool wasCurrent = CarePlan.IsCurrent(current.Status), isCurrent = CarePlan.IsCurrent(updated.Status);
        if (isCurrent && !wasCurrent)
            actions.Add(new(TableTransactionActionType.Add, Pointer(organizationId, CarePlanKeys.Current(updated.ParticipantId), updated)));
        else if (wasCurrent && !isCurrent)
            actions.Add(new(TableTransactionActionType.Delete, Pointer(organizationId, CarePlanKeys.Current(updated.ParticipantId), updated)));

        try
        {
            IReadOnlyList<Response> written = await TableBatches.SubmitAtomicAsync(table, actions, cancellationToken);
            return RecordOutcome<CarePlan>.Ok(updated with { Version = written[0].Version() });
        }
        catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 0 && ex.Failure is TableFailure.PreconditionFailed or TableFailure.BadRequest)
        {
            return RecordOutcome<CarePlan>.Stale($"care plan {updated.Id} has changed since version {expectedVersion} was read: read it again and retry with the new version");
        }
        catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 0 && ex.Failure == TableFailure.NotFound)
        {
            return RecordOutcome<CarePlan>.NotFound($"care plan {updated.Id} was not found");
        }
        catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 1 && ex.Failure == TableFailure.AlreadyExists)
        {
            return await CurrentTakenAsync(table, organizationId, updated, cancellationToken);
        }
    }

    private static CarePlanPointerEntity Pointer(string organizationId, string rowKey, CarePlan plan) =>
        new() { PartitionKey = organizationId, RowKey = rowKey, ParticipantId = plan.ParticipantId, CarePlanId = plan.Id };

    private static async Task<RecordOutcome<CarePlan>> CurrentTakenAsync(TableClient table, string organizationId, CarePlan plan, CancellationToken cancellationToken)
    {
        CarePlanPointerEntity? marker = await table.FindAsync<CarePlanPointerEntity>(organizationId, CarePlanKeys.Current(plan.ParticipantId), cancellationToken: cancellationToken);
        string other = marker?.CarePlanId ?? "another care plan";
        return RecordOutcome<CarePlan>.Duplicate("status",
            $"participant {plan.ParticipantId} already has a current care plan ({other}, active or under review): set that plan to superseded first, or keep this one as a draft");
    }
}
