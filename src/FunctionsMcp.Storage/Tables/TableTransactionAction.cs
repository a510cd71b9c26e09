using Azure;

namespace FunctionsMcp.Storage.Tables;

/// <summary>What one operation of an entity group transaction does.</summary>
public enum TableTransactionActionType
{
    /// <summary>Insert; fails when the entity exists.</summary>
    Add,

    /// <summary>Merge into an existing entity (If-Match: the ETag, or any).</summary>
    UpdateMerge,

    /// <summary>Replace an existing entity (If-Match: the ETag, or any).</summary>
    UpdateReplace,

    /// <summary>Delete an existing entity (If-Match: the ETag, or any).</summary>
    Delete,

    /// <summary>Insert or merge.</summary>
    UpsertMerge,

    /// <summary>Insert or replace.</summary>
    UpsertReplace,
}

/// <summary>One operation of an entity group transaction.</summary>
/// <param name="ActionType">What to do.</param>
/// <param name="Entity">The entity (only its keys matter for a delete).</param>
/// <param name="ETag">For updates and deletes: the version expected; default means any.</param>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, ITableEntity Entity, ETag ETag = default);
