using Azure.Data.Tables;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Funding;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>
/// Funding lines in Table Storage, one partition per organization. A participant's lines are one key range (a support
/// category is a filter inside it); a line's id row, written in the same transaction as the record, turns get-by-id
/// into two point reads.
/// </summary>
internal sealed class TableFundingStore(TableProvider tables) : IFundingStore
{
    public async Task<FundingLine?> GetAsync(string organizationId, string id, CancellationToken cancellationToken) =>
        (await ParticipantRecordRows.GetAsync<FundingLineEntity>(await TableAsync(cancellationToken), organizationId, FundingKeys.Id(id), p => FundingKeys.Record(p, id), cancellationToken))?.ToFundingLine();

    public async Task<RecordOutcome<RecordPage<FundingLine>>> ListAsync(string organizationId, FundingLineQuery query, CancellationToken cancellationToken)
    {
        string? category = query.SupportCategory is { } c ? TableClient.CreateQueryFilter($"SupportCategory eq {c}") : null;
        return await RangePager.ReadAsync<FundingLineEntity, FundingLine>(
            await TableAsync(cancellationToken), organizationId, [KeyRange.Prefix(FundingKeys.ParticipantPrefix(query.ParticipantId), category)], query.PageSize, query.Cursor,
            _ => true, row => row.ToFundingLine(), cancellationToken);
    }

    public async Task<RecordOutcome<FundingLine>> AddAsync(string organizationId, FundingLine line, CancellationToken cancellationToken) =>
        await ParticipantRecordRows.AddAsync(await TableAsync(cancellationToken), FundingLineEntity.From(organizationId, line), FundingKeys.Id(line.Id), line.ParticipantId,
            $"funding line {line.Id}", version => line with { Version = version }, cancellationToken);

    public async Task<RecordOutcome<FundingLine>> ReplaceAsync(string organizationId, FundingLine updated, string expectedVersion, CancellationToken cancellationToken) =>
        await ParticipantRecordRows.ReplaceAsync(await TableAsync(cancellationToken), FundingLineEntity.From(organizationId, updated), expectedVersion,
            $"funding line {updated.Id}", version => updated with { Version = version }, cancellationToken);

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.Funding, cancellationToken);
}
