using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using FunctionsMcp.OAuth.Protection;

namespace FunctionsMcp.Storage.Protection;

/// <summary>
/// Fixed-window counters in Table Storage. An organization's counter and each of its credentials' counters share a
/// partition, so one entity group transaction adds a claim to both, checked by ETag: two instances claiming at once
/// cannot both win, and the loser reads again and claims on top. Each row holds only its current window, so counters
/// never pile up. This instance remembers the version of each row it last read or wrote, so a claim is normally one
/// conditional write; it reads again only when another instance has written since (412). Claims for one organization
/// are serialized here, so those conflicts arise only between instances.
/// </summary>
internal sealed class TableRateLimitCounter(TableProvider tables) : IRateLimitCounter
{
    private const string OrganizationRow = "organization";
    private const int MaxAttempts = 20;

    /// <summary>Past this many remembered rows in a partition, rows of ended windows are forgotten (read again if used).</summary>
    private const int RememberedRows = 256;

    private readonly ConcurrentDictionary<string, Partition> _partitions = new(StringComparer.Ordinal);

    internal sealed class CounterEntity : StoredEntity
    {
        public long Window { get; set; }
        public int Count { get; set; }
    }

    /// <summary>One organization's rows as last seen (null: known not to exist), guarded by <see cref="Gate"/>.</summary>
    private sealed class Partition
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Dictionary<string, CounterEntity?> Rows { get; } = new(StringComparer.Ordinal);
    }

    private static string CredentialRow(string credentialId) => "credential_" + credentialId;

    public async Task<RateLimitGrant> ClaimAsync(string organizationId, string credentialId, long window, RateLimitClaim wanted, int credentialLimit, int organizationLimit, CancellationToken cancellationToken)
    {
        Partition partition = _partitions.GetOrAdd(organizationId, _ => new Partition());
        await partition.Gate.WaitAsync(cancellationToken);
        try
        {
            TableClient table = await tables.GetAsync(TableNames.RateLimits, cancellationToken);
            string credentialRow = CredentialRow(credentialId);
            for (int attempt = 0; ; attempt++)
            {
                bool read = !partition.Rows.ContainsKey(OrganizationRow) || !partition.Rows.ContainsKey(credentialRow);
                if (read)
                    await ReadAsync(table, partition, organizationId, [OrganizationRow, credentialRow], window, cancellationToken);
                CounterEntity? organization = partition.Rows[OrganizationRow];
                CounterEntity? credential = partition.Rows[credentialRow];
                int organizationCount = CountIn(organization, window);
                int credentialCount = CountIn(credential, window);
                int credentialGrant = Math.Min(wanted.Credential, credentialLimit - credentialCount);
                int organizationGrant = Math.Min(wanted.Organization, organizationLimit - organizationCount);
                string? refusedBy = wanted.Credential > 0 && credentialGrant <= 0 ? RateLimitScope.Credential
                    : wanted.Organization > 0 && organizationGrant <= 0 ? RateLimitScope.Organization
                    : null;
                if (refusedBy is not null && !read)
                {
                    // Remembered counts can be too high only by what another instance has handed back since: read before saying no.
                    partition.Rows.Remove(OrganizationRow);
                    partition.Rows.Remove(credentialRow);
                    continue;
                }

                if (refusedBy is not null)
                    return new RateLimitGrant(0, 0, credentialCount, organizationCount, refusedBy);

                var changes = new List<(string Row, CounterEntity? Current, int Delta)>(2);
                if (organizationGrant > 0)
                    changes.Add((OrganizationRow, organization, organizationGrant));
                if (credentialGrant > 0)
                    changes.Add((credentialRow, credential, credentialGrant));
                if (changes.Count == 0 || await TryWriteAsync(table, partition, organizationId, window, changes, attempt, cancellationToken))
                {
                    return new RateLimitGrant(Math.Max(0, credentialGrant), Math.Max(0, organizationGrant),
                        credentialCount + Math.Max(0, credentialGrant), organizationCount + Math.Max(0, organizationGrant), null);
                }

                if (attempt + 1 >= MaxAttempts)
                    throw new TableStorageException(TableFailure.Throttled, 0, null, $"The rate-limit counter stayed contended after {MaxAttempts} attempts.");
            }
        }
        finally
        {
            partition.Gate.Release();
        }
    }

    public async Task ReturnAsync(string organizationId, long window, int organization, IReadOnlyDictionary<string, int> credentials, CancellationToken cancellationToken)
    {
        var returned = credentials.Where(c => c.Value > 0).Select(c => (Row: CredentialRow(c.Key), Units: c.Value)).ToList();
        if (organization > 0)
            returned.Insert(0, (OrganizationRow, organization));

        Partition partition = _partitions.GetOrAdd(organizationId, _ => new Partition());
        await partition.Gate.WaitAsync(cancellationToken);
        try
        {
            TableClient table = await tables.GetAsync(TableNames.RateLimits, cancellationToken);
            foreach ((string Row, int Units)[] chunk in returned.Chunk(TableBatches.MaxActions))
            {
                for (int attempt = 0; ; attempt++)
                {
                    if (chunk.Any(r => !partition.Rows.ContainsKey(r.Row)))
                        await ReadAsync(table, partition, organizationId, [.. chunk.Select(r => r.Row)], window, cancellationToken);
                    // Only counters still in this window take anything back: a later window owes nothing to this one.
                    var changes = chunk
                        .Select(r => (r.Row, Current: partition.Rows[r.Row], Delta: -Math.Min(r.Units, CountIn(partition.Rows[r.Row], window))))
                        .Where(c => c.Current?.Window == window && c.Delta < 0)
                        .ToList();
                    if (changes.Count == 0 || await TryWriteAsync(table, partition, organizationId, window, changes, attempt, cancellationToken))
                        break;
                    if (attempt + 1 >= MaxAttempts)
                        throw new TableStorageException(TableFailure.Throttled, 0, null, $"The rate-limit counter stayed contended after {MaxAttempts} attempts.");
                }
            }
        }
        finally
        {
            partition.Gate.Release();
        }
    }

    /// <summary>
    /// A row's count in <paramref name="window"/>: zero when it holds an earlier window. A row already in a later window
    /// (another instance's clock is ahead) keeps its count, and claims add to it rather than set it back.
    /// </summary>
    private static int CountIn(CounterEntity? row, long window) => row is null || row.Window < window ? 0 : row.Count;

    /// <summary>Reads the rows named (one query in one partition) and remembers each, or that it does not exist.</summary>
    private static async Task ReadAsync(TableClient table, Partition partition, string organizationId, string[] rows, long window, CancellationToken cancellationToken)
    {
        if (partition.Rows.Count > RememberedRows)
        {
            foreach (string stale in partition.Rows.Where(r => r.Value is null || r.Value.Window < window).Select(r => r.Key).ToList())
                partition.Rows.Remove(stale);
        }

        string filter = string.Join(" or ", rows.Select(row => TableClient.CreateQueryFilter($"RowKey eq {row}")));
        filter = TableClient.CreateQueryFilter($"PartitionKey eq {organizationId}") + " and (" + filter + ")";
        List<CounterEntity> found = await table.QueryAsync<CounterEntity>(filter, cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        foreach (string row in rows)
            partition.Rows[row] = found.FirstOrDefault(r => r.RowKey == row);
    }

    /// <summary>
    /// Adds each delta to its row in one transaction, each row checked against the version this instance last saw.
    /// False when another instance wrote first: what was remembered is forgotten, to be read again.
    /// </summary>
    private static async Task<bool> TryWriteAsync(
        TableClient table, Partition partition, string organizationId, long window, List<(string Row, CounterEntity? Current, int Delta)> changes, int attempt, CancellationToken cancellationToken)
    {
        var written = changes.Select(c => new CounterEntity
        {
            PartitionKey = organizationId,
            RowKey = c.Row,
            Window = Math.Max(window, c.Current?.Window ?? window),
            Count = CountIn(c.Current, window) + c.Delta,
        }).ToList();
        TableTransactionAction[] actions = [.. changes.Zip(written, (c, next) => c.Current is null
            ? new TableTransactionAction(TableTransactionActionType.Add, next)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, c.Current.ETag))];
        try
        {
            IReadOnlyList<Response> responses = await TableBatches.SubmitAtomicAsync(table, actions, cancellationToken);
            for (int i = 0; i < written.Count; i++)
            {
                if (responses[i].Headers.ETag is { } etag)
                {
                    written[i].ETag = etag;
                    partition.Rows[written[i].RowKey] = written[i];
                }
                else
                {
                    partition.Rows.Remove(written[i].RowKey);
                }
            }

            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Failure is TableFailure.PreconditionFailed or TableFailure.AlreadyExists)
        {
            foreach ((string row, _, _) in changes)
                partition.Rows.Remove(row);
            // The first conflict only means another instance claimed since this one last looked; later ones are contention.
            if (attempt > 0)
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + attempt * 5)), cancellationToken);
            return false;
        }
        catch
        {
            // The write may or may not have happened (a timeout): read before the next claim.
            foreach ((string row, _, _) in changes)
                partition.Rows.Remove(row);
            throw;
        }
    }
}
