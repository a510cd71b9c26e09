using Azure;

namespace FunctionsMcp.Storage;

/// <summary>What kind of failure a Table service call ended in: the storage edge's typed outcome (STYLE item 5).</summary>
public enum TableFailure
{
    /// <summary>Any failure not listed below.</summary>
    Other,

    /// <summary>404: the entity or table does not exist.</summary>
    NotFound,

    /// <summary>409: the entity or table already exists.</summary>
    AlreadyExists,

    /// <summary>412: the ETag given no longer matches (another writer got there first).</summary>
    PreconditionFailed,

    /// <summary>503 ServerBusy / 500 OperationTimedOut / 429, still failing after the retries.</summary>
    Throttled,

    /// <summary>400: the service refused the request; see the error code.</summary>
    BadRequest,

    /// <summary>401/403: the credential was refused or lacks the data role.</summary>
    Forbidden,

    /// <summary>The endpoint could not be reached (connection refused, DNS, TLS).</summary>
    Unreachable,

    /// <summary>The service did not answer within the per-request timeout.</summary>
    Timeout,
}

/// <summary>
/// A storage failure a caller cannot fix by changing its data: throttled after the retries, credential refused, endpoint
/// unreachable or silent. Raised by <see cref="StorageFailurePolicy"/> with a one-sentence message that names the endpoint
/// but never a key or entity data. It is a <see cref="RequestFailedException"/>, so code that handles the library's
/// failures handles it too.
/// </summary>
public sealed class TableStorageException(TableFailure failure, int status, string? errorCode, string message, Exception? innerException = null)
    : RequestFailedException(status, message, errorCode, innerException)
{
    /// <summary>The kind of failure.</summary>
    public TableFailure Failure { get; } = failure;
}

/// <summary>Classifies Azure.Data.Tables' failures by status and service error code, so stores match on meaning.</summary>
public static class TableFailures
{
    /// <summary>The kind of failure <paramref name="exception"/> reports.</summary>
    public static TableFailure Of(RequestFailedException exception) =>
        exception is TableStorageException typed ? typed.Failure : Classify(exception.Status, exception.ErrorCode);

    internal static TableFailure Classify(int status, string? errorCode) => status switch
    {
        404 => TableFailure.NotFound,
        409 when errorCode is "EntityAlreadyExists" or "TableAlreadyExists" => TableFailure.AlreadyExists,
        412 => TableFailure.PreconditionFailed,
        429 or 503 => TableFailure.Throttled,
        500 when errorCode is "OperationTimedOut" => TableFailure.Throttled,
        400 => TableFailure.BadRequest,
        401 or 403 => TableFailure.Forbidden,
        _ => TableFailure.Other,
    };

    extension(RequestFailedException exception)
    {
        /// <summary>The kind of failure, for <c>catch … when (ex.Failure == TableFailure.NotFound)</c>.</summary>
        public TableFailure Failure => Of(exception);
    }
}
