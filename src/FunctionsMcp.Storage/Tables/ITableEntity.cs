using Azure;

namespace FunctionsMcp.Storage.Tables;

/// <summary>The system properties every table entity has (shaped like Azure.Data.Tables' <c>ITableEntity</c>).</summary>
public interface ITableEntity
{
    /// <summary>The partition key.</summary>
    string PartitionKey { get; set; }

    /// <summary>The row key, unique within the partition.</summary>
    string RowKey { get; set; }

    /// <summary>When the service last wrote the entity.</summary>
    DateTimeOffset? Timestamp { get; set; }

    /// <summary>The entity's version, for optimistic concurrency.</summary>
    ETag ETag { get; set; }
}

/// <summary>How an update or upsert treats properties the request does not carry.</summary>
public enum TableUpdateMode
{
    /// <summary>Keep properties the request does not mention.</summary>
    Merge,

    /// <summary>Remove properties the request does not mention.</summary>
    Replace,
}
