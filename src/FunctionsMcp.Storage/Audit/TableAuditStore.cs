using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using FunctionsMcp.OAuth.Audit;

namespace FunctionsMcp.Storage.Audit;

/// <summary>
/// The audit trail in two tables: <c>auditbyorg</c> (PK organization + day) and <c>auditbycredential</c> (PK credential).
/// Row keys are inverted ticks, so a partition reads newest first; a random suffix keeps same-tick entries apart.
/// Entries of one partition are written together in transactions of up to 100; text fields are cut to
/// <see cref="AuditEntry.MaxTextLength"/> first.
/// </summary>
internal sealed class TableAuditStore(TableProvider tables) : IAuditStore
{
    private static readonly SearchValues<char> s_upperHex = SearchValues.Create("0123456789ABCDEF");

    internal sealed class AuditEntity : StoredEntity
    {
        public DateTimeOffset Time { get; set; }
        public string OrganizationId { get; set; } = string.Empty;
        public string UserId { get; set; } = string.Empty;
        public string CredentialKind { get; set; } = string.Empty;
        public string CredentialId { get; set; } = string.Empty;
        public string? ClientId { get; set; }
        public string? Method { get; set; }
        public string? Tool { get; set; }
        public string Outcome { get; set; } = string.Empty;
        public int Status { get; set; }
        public int LatencyMs { get; set; }

        public AuditEntry ToEntry() => new(Time, OrganizationId, UserId, CredentialKind, CredentialId, ClientId, Method, Tool, Outcome, Status, LatencyMs);
    }

    public static string OrganizationDayPartition(string organizationId, DateOnly day) =>
        organizationId + "_" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public async Task<IReadOnlyList<AuditEntry>> WriteAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        TableClient byOrganization = await tables.GetAsync(TableNames.AuditByOrganization, cancellationToken);
        TableClient byCredential = await tables.GetAsync(TableNames.AuditByCredential, cancellationToken);
        var rows = entries.Select(e => (Entry: e.Bounded(), Row: RowKey(e.Time))).ToList();
        bool[] lost = new bool[rows.Count];

        await WriteGroupsAsync(byOrganization, [.. rows.Select(r => Entity(r.Entry, OrganizationDayPartition(r.Entry.OrganizationId, DateOnly.FromDateTime(r.Entry.Time.UtcDateTime)), r.Row))], lost, cancellationToken);
        await WriteGroupsAsync(byCredential, [.. rows.Select(r => Entity(r.Entry, r.Entry.CredentialId, r.Row))], lost, cancellationToken);
        return [.. entries.Where((_, i) => lost[i])];
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadOrganizationDayAsync(string organizationId, DateOnly day, int max, CancellationToken cancellationToken) =>
        await ReadAsync(TableNames.AuditByOrganization, OrganizationDayPartition(organizationId, day), max, cancellationToken);

    public async Task<IReadOnlyList<AuditEntry>> ReadCredentialAsync(string credentialId, int max, CancellationToken cancellationToken) =>
        await ReadAsync(TableNames.AuditByCredential, credentialId, max, cancellationToken);

    /// <summary>
    /// One partition's key range after the cursor: the cursor is the row key of the page's last entry, so the next page is
    /// the rows that sort after it (older ones), read one more than asked to learn whether another page follows.
    /// </summary>
    public async Task<AuditPage?> ReadCredentialPageAsync(string credentialId, string? after, int max, CancellationToken cancellationToken)
    {
        if (after is not null && !IsRowKey(after))
            return null;
        if (!TableKeys.IsValid(credentialId))
            return new AuditPage([], null);
        int take = Math.Clamp(max, 1, 999);
        TableClient table = await tables.GetAsync(TableNames.AuditByCredential, cancellationToken);
        string filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {credentialId}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {credentialId} and RowKey gt {after}");
        List<AuditEntity> rows = await table.QueryAsync<AuditEntity>(filter, maxPerPage: take + 1, cancellationToken: cancellationToken)
            .Take(take + 1).ToListAsync(cancellationToken);
        return new AuditPage([.. rows.Take(take).Select(e => e.ToEntry())], rows.Count > take ? rows[take - 1].RowKey : null);
    }

    private async Task<IReadOnlyList<AuditEntry>> ReadAsync(string tableName, string partition, int max, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(partition))
            return [];
        TableClient table = await tables.GetAsync(tableName, cancellationToken);
        return await table.QueryAsync<AuditEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxPerPage: Math.Clamp(max, 1, 1000), cancellationToken: cancellationToken)
            .Take(max).Select(e => e.ToEntry()).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Entries need not be written together, so they are split into valid transactions (per partition, at most 100);
    /// if one fails (a transaction is all or nothing), its entries are written one by one, so only an entry that cannot
    /// be written is lost, and every other transaction is still tried.
    /// </summary>
    private static async Task WriteGroupsAsync(TableClient table, AuditEntity[] entities, bool[] lost, CancellationToken cancellationToken)
    {
        var index = new Dictionary<AuditEntity, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < entities.Length; i++)
            index[entities[i]] = i;

        foreach (TableTransactionAction[] chunk in TableBatches.Split(entities.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e))))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                foreach (TableTransactionAction action in chunk)
                    lost[index[(AuditEntity)action.Entity]] |= !await TryAddAsync(table, (AuditEntity)action.Entity, cancellationToken);
            }
        }
    }

    private static async Task<bool> TryAddAsync(TableClient table, AuditEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Refused by the service (a key it forbids, a value too large): this entry alone is lost; the caller reports it.
            return false;
        }
    }

    private static AuditEntity Entity(AuditEntry e, string partition, string row) => new()
    {
        PartitionKey = partition,
        RowKey = row,
        Time = e.Time,
        OrganizationId = e.OrganizationId,
        UserId = e.UserId,
        CredentialKind = e.CredentialKind,
        CredentialId = e.CredentialId,
        ClientId = e.ClientId,
        Method = e.Method,
        Tool = e.Tool,
        Outcome = e.Outcome,
        Status = e.Status,
        LatencyMs = e.LatencyMs,
    };

    /// <summary>True for what <see cref="RowKey"/> makes: 19 digits, an underscore, 8 hex digits.</summary>
    private static bool IsRowKey(string value) =>
        value.Length == 28 && value[19] == '_' && value.AsSpan(0, 19).IndexOfAnyExceptInRange('0', '9') < 0 && value.AsSpan(20).IndexOfAnyExcept(s_upperHex) < 0;

    private static string RowKey(DateTimeOffset time) =>
        (DateTimeOffset.MaxValue.Ticks - time.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
}
