using System.Text.Json;
using Azure.Data.Tables;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Staff;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>
/// A staff row: the record (RK <c>s_&lt;id&gt;</c>) and each list row (<c>name_…</c>, <c>word_…</c>) carry the whole
/// (small) record, so a page is one range read. Qualifications are a JSON array.
/// </summary>
internal sealed class StaffEntity : StoredEntity
{
    public string StaffId { get; set; } = string.Empty;
    public string GivenName { get; set; } = string.Empty;
    public string FamilyName { get; set; } = string.Empty;
    public StaffRole Role { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string Qualifications { get; set; } = "[]";
    public bool Active { get; set; }

    /// <summary>The normalized name words, space-separated, for search de-duplication.</summary>
    public string Words { get; set; } = string.Empty;

    public static StaffEntity From(string organizationId, string rowKey, StaffMember s) => new()
    {
        PartitionKey = organizationId,
        RowKey = rowKey,
        StaffId = s.Id,
        GivenName = s.GivenName,
        FamilyName = s.FamilyName,
        Role = s.Role,
        Email = s.Email,
        Phone = s.Phone,
        Qualifications = JsonSerializer.Serialize(s.Qualifications),
        Active = s.Active,
        Words = string.Join(' ', SearchKeys.Words(s.GivenName, s.FamilyName)),
    };

    public StaffMember ToStaffMember() => new(
        StaffId, GivenName, FamilyName, Role, Email, Phone, JsonSerializer.Deserialize<List<string>>(Qualifications) ?? [], Active);
}

/// <summary>Row keys of the <c>staff</c> table (PK: organization id).</summary>
internal static class StaffKeys
{
    public const string NamePrefix = "name_";
    public const string WordPrefix = "word_";

    public static string Record(string id) => "s_" + id;

    /// <summary>Every row a staff member has: the record, by name, and by each name word.</summary>
    public static IReadOnlyList<string> Rows(StaffMember s)
    {
        string family = SearchKeys.Normalize(s.FamilyName);
        string given = SearchKeys.Normalize(s.GivenName);
        var rows = new List<string> { Record(s.Id), $"{NamePrefix}{family}_{given}_{s.Id}" };
        rows.AddRange(SearchKeys.Words(s.GivenName, s.FamilyName).Select(word => $"{WordPrefix}{word}_{family}_{given}_{s.Id}"));
        return rows;
    }
}

/// <summary>Staff in Table Storage, one partition per organization; a record and its list rows are written together.</summary>
internal sealed class TableStaffStore(TableProvider tables) : IStaffStore
{
    public async Task<RecordOutcome<RecordPage<StaffMember>>> ListAsync(string organizationId, StaffQuery query, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> terms = SearchKeys.Terms(query.Search);
        if (query.Search is not null && terms.Count == 0)
            return RecordOutcome<RecordPage<StaffMember>>.Invalid([new FieldError("search", "has no letters or digits to search for")]);

        TableClient table = await tables.GetAsync(TableNames.Staff, cancellationToken);
        KeyRange range = terms.Count > 0 ? KeyRange.Prefix(StaffKeys.WordPrefix + terms[0]) : KeyRange.Prefix(StaffKeys.NamePrefix);
        return await RangePager.ReadAsync<StaffEntity, StaffMember>(
            table, organizationId, [range], query.PageSize, query.Cursor,
            row => RangePager.MatchesOnce(row.RowKey, StaffKeys.WordPrefix, row.Words, terms), row => row.ToStaffMember(), cancellationToken);
    }

    public async Task<StaffMember?> GetAsync(string organizationId, string id, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Staff, cancellationToken);
        return (await table.FindAsync<StaffEntity>(organizationId, StaffKeys.Record(id), cancellationToken: cancellationToken))?.ToStaffMember();
    }

    public async Task<RecordOutcome<StaffMember>> AddAsync(string organizationId, StaffMember member, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Staff, cancellationToken);
        try
        {
            await TableBatches.SubmitAtomicAsync(table,
                [.. StaffKeys.Rows(member).Select(row => new TableTransactionAction(TableTransactionActionType.Add, StaffEntity.From(organizationId, row, member)))], cancellationToken);
            return RecordOutcome<StaffMember>.Ok(member);
        }
        catch (TableTransactionFailedException ex) when (ex.Failure == TableFailure.AlreadyExists)
        {
            return RecordOutcome<StaffMember>.Duplicate("id", $"staff member {member.Id} already exists");
        }
    }
}
