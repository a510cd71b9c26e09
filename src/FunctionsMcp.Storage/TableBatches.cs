using Azure;
using Azure.Data.Tables;

namespace FunctionsMcp.Storage;

/// <summary>
/// The Table service's limits on an entity group transaction, applied in one place: one partition key and at most
/// <see cref="MaxActions"/> operations. Azure.Data.Tables sends whatever it is given, and Azurite accepts a batch over
/// two partitions and cannot answer one over 100, so only these checks (and their unit tests) catch a batch Azure
/// would refuse.
/// </summary>
internal static class TableBatches
{
    /// <summary>The most operations one transaction may hold.</summary>
    public const int MaxActions = 100;

    /// <summary>
    /// Splits actions that need not be atomic together into valid transactions: grouped by partition key (groups in
    /// order of first appearance, actions in their given order), each group cut into chunks of at most 100.
    /// </summary>
    public static IReadOnlyList<TableTransactionAction[]> Split(IEnumerable<TableTransactionAction> actions) =>
        [.. actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal).SelectMany(group => group.Chunk(MaxActions))];

    /// <summary>
    /// Submits actions that must succeed or fail together, as one transaction. A record and its index rows live in one
    /// partition so that they can be written atomically; splitting them would let a failure leave them disagreeing, so
    /// actions over two partitions or more than 100 operations are refused here (a bug in the caller), never split.
    /// </summary>
    /// <returns>The response to each action, in order (its ETag is the new version).</returns>
    public static async Task<IReadOnlyList<Response>> SubmitAtomicAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        if (actions.Count is 0 or > MaxActions)
            throw new InvalidOperationException($"An atomic write holds 1 to {MaxActions} operations; this one has {actions.Count}.");
        if (actions.Any(a => !string.Equals(a.Entity.PartitionKey, actions[0].Entity.PartitionKey, StringComparison.Ordinal)))
            throw new InvalidOperationException("An atomic write must stay in one partition; this one spans several.");
        return (await table.SubmitTransactionAsync(actions, cancellationToken)).Value;
    }
}
