using System.Collections.Concurrent;
using Azure.Data.Tables;
using FunctionsMcp.OAuth.Protection;

namespace FunctionsMcp.Storage.Protection;

/// <summary>
/// Fixed-window counters in Table Storage. An organization's counter and each of its credentials' counters
/// share a partition, so one query reads both and one entity group transaction increments both, checked by
/// ETag: two instances counting at once cannot both win, and the loser re-reads and counts again. Each row
/// holds only its current window, so counters never pile up. Within one instance, counting for an organization
/// is serialized by a local lock, so ETag conflicts arise only between instances and retries stay rare.
/// </summary>
internal sealed class TableRateLimitCounter(TableProvider tables) : IRateLimitCounter
{
    private const string OrganizationRow = "organization";
    private const int MaxAttempts = 20;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    internal sealed class CounterEntity : StoredEntity
    {
        public long Window { get; set; }
        public int Count { get; set; }
    }

    public async Task<RateLimitDecision> TryAdmitAsync(string organizationId, string credentialId, long window, int credentialLimit, int organizationLimit, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate = _locks.GetOrAdd(organizationId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await CountAsync(organizationId, credentialId, window, credentialLimit, organizationLimit, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<RateLimitDecision> CountAsync(string organizationId, string credentialId, long window, int credentialLimit, int organizationLimit, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.RateLimits, cancellationToken);
        string credentialRow = "credential_" + credentialId;
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {organizationId} and (RowKey eq {OrganizationRow} or RowKey eq {credentialRow})");

        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            List<CounterEntity> rows = await table.QueryAsync<CounterEntity>(filter, cancellationToken: cancellationToken).ToListAsync(cancellationToken);
            CounterEntity? organization = rows.FirstOrDefault(r => r.RowKey == OrganizationRow);
            CounterEntity? credential = rows.FirstOrDefault(r => r.RowKey == credentialRow);
            int organizationCount = organization?.Window == window ? organization.Count : 0;
            int credentialCount = credential?.Window == window ? credential.Count : 0;

            if (credentialCount >= credentialLimit)
                return new RateLimitDecision(false, credentialCount, organizationCount, "credential");
            if (organizationCount >= organizationLimit)
                return new RateLimitDecision(false, credentialCount, organizationCount, "organization");

            try
            {
                await TableBatches.SubmitAtomicAsync(table,
                [
                    Increment(organizationId, OrganizationRow, organization, window, organizationCount),
                    Increment(organizationId, credentialRow, credential, window, credentialCount),
                ], cancellationToken);
                return new RateLimitDecision(true, credentialCount + 1, organizationCount + 1, null);
            }
            catch (TableTransactionFailedException ex) when (ex.Failure is TableFailure.PreconditionFailed or TableFailure.AlreadyExists)
            {
                // Another request counted first; read again and count on top of it.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + attempt * 5)), cancellationToken);
            }
        }

        throw new TableStorageException(TableFailure.Throttled, 0, null, $"The rate-limit counter stayed contended after {MaxAttempts} attempts.");
    }

    private static TableTransactionAction Increment(string partition, string row, CounterEntity? current, long window, int count)
    {
        var next = new CounterEntity { PartitionKey = partition, RowKey = row, Window = window, Count = count + 1 };
        return current is null
            ? new TableTransactionAction(TableTransactionActionType.Add, next)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, current.ETag);
    }
}
