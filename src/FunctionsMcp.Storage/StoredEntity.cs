using Azure;
using Azure.Data.Tables;

namespace FunctionsMcp.Storage;

/// <summary>The system properties every stored entity of ours carries; subclasses add their own columns.</summary>
public abstract class StoredEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }
}
