using Azure;
using Azure.Data.Tables;
using FunctionsMcp.OAuth.Authorization;

namespace FunctionsMcp.Storage;

/// <summary>
/// Deletes, a bounded number at a time, the rows a query finds. Table Storage has no TTL, so state past its use is
/// removed by a timer calling this. Each delete names the ETag the query read: a row changed since (a code redeemed
/// meanwhile, a client just allowed) is kept, and a row another instance deleted first answers 404. Only this call's own
/// deletions are counted, so two instances pruning at once delete each row once, and a second run finds nothing.
/// The rows of these tables are each their own partition, so they cannot share a transaction: one delete per row.
/// <see cref="PruneMode.Count"/> runs the same query and test and counts instead of deleting (a dry run).
/// </summary>
internal static class RowPruning
{
    /// <summary>Deletes up to <paramref name="max"/> rows matching <paramref name="filter"/> that <paramref name="prune"/> accepts.</summary>
    /// <returns>How many rows this call deleted, or would delete with <see cref="PruneMode.Count"/>.</returns>
    public static async Task<int> DeleteAsync(
        TableClient table, string filter, IEnumerable<string> select, Func<TableEntity, bool> prune, int max, PruneMode mode, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        int deleted = 0;
        // A projection returns only the columns it names, keys included; the ETag comes with every row.
        string[] columns = [nameof(ITableEntity.PartitionKey), nameof(ITableEntity.RowKey), .. select];
        AsyncPageable<TableEntity> rows = table.QueryAsync<TableEntity>(filter, Math.Min(max, 1000), columns, cancellationToken);
        await foreach (TableEntity row in rows.WithCancellation(cancellationToken))
        {
            if (!prune(row))
                continue;
            if (mode == PruneMode.Count || await table.TryDeleteAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken))
                deleted++;
            if (deleted == max)
                break;
        }

        return deleted;
    }
}
