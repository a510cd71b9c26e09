using Azure;
using Azure.Data.Tables;

namespace FunctionsMcp.Storage;

/// <summary>Recording when a credential or client was last used, as every store that tracks it does.</summary>
internal static class LastUsed
{
    /// <summary>
    /// Merges only <c>LastUsedAt</c> into the row, so a concurrent revocation is never overwritten; a row deleted
    /// meanwhile has nothing to record.
    /// </summary>
    public static async Task TouchAsync(TableClient table, string partitionKey, string rowKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(new TableEntity(partitionKey, rowKey) { ["LastUsedAt"] = at }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Failure == TableFailure.NotFound)
        {
        }
    }
}
