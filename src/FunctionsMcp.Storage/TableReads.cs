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
}
