using Azure;
using Azure.Data.Tables;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>
/// Participants in Table Storage. One partition per organization holds the records and their index rows, so a
/// record and every index row it owns are written in one entity group transaction: they never disagree, and a
/// stale version or a taken NDIS number fails the whole write. Lists read index-key ranges a page at a time.
/// </summary>
internal sealed class TableParticipantStore(TableProvider tables) : IParticipantStore
{
    public async Task<Participant?> GetAsync(string organizationId, string id, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Participants, cancellationToken);
        return (await table.FindAsync<ParticipantEntity>(organizationId, ParticipantKeys.Record(id), cancellationToken: cancellationToken))?.ToParticipant();
    }

    public async Task<RecordOutcome<RecordPage<ParticipantSummary>>> ListAsync(string organizationId, ParticipantQuery query, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Participants, cancellationToken);
        if (query.Search is { } search && ParticipantRules.IsNdisNumber(search.Replace(" ", string.Empty, StringComparison.Ordinal)))
            return RecordOutcome<RecordPage<ParticipantSummary>>.Ok(await FindByNdisNumberAsync(table, organizationId, search.Replace(" ", string.Empty, StringComparison.Ordinal), query, cancellationToken));

        IReadOnlyList<string> terms = SearchKeys.Terms(query.Search);
        if (query.Search is not null && terms.Count == 0)
            return RecordOutcome<RecordPage<ParticipantSummary>>.Invalid([new FieldError("search", "has no letters or digits to search for")]);

        return await RangePager.ReadAsync<ParticipantIndexEntity, ParticipantSummary>(
            table, organizationId, Ranges(query, terms), query.PageSize, query.Cursor,
            row => RangePager.MatchesOnce(row.RowKey, ParticipantKeys.WordPrefix(ParticipantKeys.Status(row.Status)), row.Words, terms),
            row => row.ToSummary(), cancellationToken);
    }

    public async Task<RecordOutcome<Participant>> AddAsync(string organizationId, Participant participant, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Participants, cancellationToken);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, ParticipantEntity.From(organizationId, participant)),
            new(TableTransactionActionType.Add, new NdisNumberEntity { PartitionKey = organizationId, RowKey = ParticipantKeys.Ndis(participant.NdisNumber), ParticipantId = participant.Id }),
        };
        actions.AddRange(ParticipantKeys.ListRows(participant).Select(row => new TableTransactionAction(TableTransactionActionType.Add, ParticipantIndexEntity.From(organizationId, row, participant))));
        try
        {
            IReadOnlyList<Response> written = await TableBatches.SubmitAtomicAsync(table, actions, cancellationToken);
            return RecordOutcome<Participant>.Ok(participant with { Version = written[0].Version() });
        }
        catch (TableTransactionFailedException ex) when (ex.Failure == TableFailure.AlreadyExists && ex.FailedTransactionActionIndex == 1)
        {
            return DuplicateNdis(participant.NdisNumber);
        }
        catch (TableTransactionFailedException ex) when (ex.Failure == TableFailure.AlreadyExists && ex.FailedTransactionActionIndex == 0)
        {
            return RecordOutcome<Participant>.Duplicate("id", $"participant {participant.Id} already exists");
        }
    }

    public async Task<RecordOutcome<Participant>> ReplaceAsync(string organizationId, Participant current, Participant updated, string expectedVersion, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Participants, cancellationToken);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, ParticipantEntity.From(organizationId, updated), new ETag(expectedVersion)),
        };
        int? ndisAdd = null;
        if (current.NdisNumber != updated.NdisNumber)
        {
            actions.Add(new(TableTransactionActionType.Delete, new NdisNumberEntity { PartitionKey = organizationId, RowKey = ParticipantKeys.Ndis(current.NdisNumber) }));
            ndisAdd = actions.Count;
            actions.Add(new(TableTransactionActionType.Add, new NdisNumberEntity { PartitionKey = organizationId, RowKey = ParticipantKeys.Ndis(updated.NdisNumber), ParticipantId = updated.Id }));
        }

        IReadOnlyList<string> newRows = ParticipantKeys.ListRows(updated);
        actions.AddRange(ParticipantKeys.ListRows(current).Except(newRows, StringComparer.Ordinal)
            .Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new ParticipantIndexEntity { PartitionKey = organizationId, RowKey = row })));
        actions.AddRange(newRows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ParticipantIndexEntity.From(organizationId, row, updated))));

        try
        {
            IReadOnlyList<Response> written = await TableBatches.SubmitAtomicAsync(table, actions, cancellationToken);
            return RecordOutcome<Participant>.Ok(updated with { Version = written[0].Version() });
        }
        catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 0 && ex.Failure is TableFailure.PreconditionFailed or TableFailure.BadRequest)
        {
            return RecordOutcome<Participant>.Stale(
                $"participant {updated.Id} has changed since version {expectedVersion} was read: read it again and retry with the new version");
        }
        catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 0 && ex.Failure == TableFailure.NotFound)
        {
            return RecordOutcome<Participant>.NotFound($"participant {updated.Id} was not found");
        }
        catch (TableTransactionFailedException ex) when (ex.Failure == TableFailure.AlreadyExists && ex.FailedTransactionActionIndex == ndisAdd)
        {
            return DuplicateNdis(updated.NdisNumber);
        }
    }

    private static async Task<RecordPage<ParticipantSummary>> FindByNdisNumberAsync(TableClient table, string organizationId, string number, ParticipantQuery query, CancellationToken cancellationToken)
    {
        NdisNumberEntity? index = await table.FindAsync<NdisNumberEntity>(organizationId, ParticipantKeys.Ndis(number), cancellationToken: cancellationToken);
        ParticipantEntity? record = index is null ? null
            : await table.FindAsync<ParticipantEntity>(organizationId, ParticipantKeys.Record(index.ParticipantId), cancellationToken: cancellationToken);
        ParticipantSummary? found = record?.ToParticipant().ToSummary();
        bool wanted = found is not null
            && (query.Status == ParticipantStatusFilter.All || (query.Status == ParticipantStatusFilter.Active) == (found.Status == ParticipantStatus.Active))
            && (query.PlanEndsBefore is null || found.PlanEnd < query.PlanEndsBefore);
        return new RecordPage<ParticipantSummary>(wanted ? [found!] : [], null, 0);
    }

    private static List<KeyRange> Ranges(ParticipantQuery query, IReadOnlyList<string> terms)
    {
        string[] statuses = query.Status switch
        {
            ParticipantStatusFilter.Active => ["a"],
            ParticipantStatusFilter.Archived => ["x"],
            _ => ["a", "x"],
        };
        string? endsBefore = query.PlanEndsBefore is { } date ? TableClient.CreateQueryFilter($"PlanEnd lt {IsoDate.Format(date)}") : null;

        if (terms.Count > 0)
        {
            // Range over the first word; further words and the plan-end bound narrow within it.
            return statuses.Select(s => KeyRange.Prefix(ParticipantKeys.WordPrefix(s) + terms[0], endsBefore)).ToList();
        }

        if (query.PlanEndsBefore is { } bound)
            return statuses.Select(s => new KeyRange(ParticipantKeys.EndPrefix(s), ParticipantKeys.EndPrefix(s) + IsoDate.Compact(bound))).ToList();

        return statuses.Select(s => KeyRange.Prefix(ParticipantKeys.NamePrefix(s))).ToList();
    }

    private static RecordOutcome<Participant> DuplicateNdis(string number) =>
        RecordOutcome<Participant>.Duplicate("ndis_number", $"NDIS number {number} already belongs to another participant in your organization");
}
