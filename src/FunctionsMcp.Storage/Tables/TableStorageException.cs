namespace FunctionsMcp.Storage.Tables;

/// <summary>What kind of failure a Table service call ended in.</summary>
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

    /// <summary>400: the service refused the request; see the error code and message.</summary>
    BadRequest,

    /// <summary>401/403: the credential was refused or lacks the data role.</summary>
    Forbidden,

    /// <summary>The endpoint could not be reached (connection refused, DNS, TLS).</summary>
    Unreachable,

    /// <summary>The service did not answer within the per-request timeout.</summary>
    Timeout,
}

/// <summary>
/// A Table service call that failed. <see cref="Failure"/> says what kind; <see cref="ErrorCode"/> is the
/// service's own code (for example <c>UpdateConditionNotSatisfied</c>). Messages never contain keys or entity data.
/// </summary>
public class TableStorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TableStorageException(TableFailure failure, int status, string? errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        Status = status;
        ErrorCode = errorCode;
    }

    /// <summary>The kind of failure.</summary>
    public TableFailure Failure { get; }

    /// <summary>The HTTP status, or 0 when no response arrived.</summary>
    public int Status { get; }

    /// <summary>The service's error code, when it sent one.</summary>
    public string? ErrorCode { get; }
}

/// <summary>An entity group transaction that failed as a whole: none of its operations were applied.</summary>
public sealed class TableTransactionFailedException : TableStorageException
{
    /// <summary>Creates the exception.</summary>
    public TableTransactionFailedException(TableFailure failure, int status, string? errorCode, string message, int? failedActionIndex)
        : base(failure, status, errorCode, message)
    {
        FailedActionIndex = failedActionIndex;
    }

    /// <summary>The zero-based index of the operation the service refused, when it said.</summary>
    public int? FailedActionIndex { get; }
}
