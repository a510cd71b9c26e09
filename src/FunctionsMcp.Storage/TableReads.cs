using Azure;
using Azure.Data.Tables;

namespace FunctionsMcp.Storage;

/// <summary>Small adapters from Azure.Data.Tables' response types to what the stores return.</summary>
internal static class TableReads
{
    /// <summary>
    /// The entity, or null when it does not exist. Azure.Data.Tables answers that with a <see cref="NullableResponse{T}"/>
    /// (no exception); the stores map an absent row to their own "not found".
    /// </summary>
    public static async Task<T?> FindAsync<T>(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        NullableResponse<T> response = await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>The ETag a write answered with: the record's new opaque version.</summary>
    public static string Version(this Response response) =>
        response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The table service answered a write without an ETag.");

    /// <summary>
    /// Deletes the entity if it still carries <paramref name="ifMatch"/>; true only when this call deleted it. Azure.Data.Tables
    /// answers a missing entity with its 404 response instead of an exception, so without this check a row another instance
    /// deleted first would count as deleted twice (two winners of a single-use step).
    /// </summary>
    public static async Task<bool> TryDeleteAsync(this TableClient table, string partitionKey, string rowKey, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            Response response = await table.DeleteEntityAsync(partitionKey, rowKey, ifMatch, cancellationToken);
            return response.Status != 404;
        }
        catch (RequestFailedException ex) when (ex.Failure is TableFailure.PreconditionFailed or TableFailure.NotFound)
        {
            return false;
        }
    }
}
