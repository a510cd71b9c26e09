namespace FunctionsMcp.Ndis.Common;

/// <summary>One broken rule: the field (as the tools name it) and a sentence a person or a model can act on.</summary>
public sealed record FieldError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>Why an operation on a record did not happen. Nothing was written in any of these cases.</summary>
public enum RecordFailure
{
    /// <summary>No such record in the caller's organization (whether it exists elsewhere is never said).</summary>
    NotFound,

    /// <summary>The input broke a rule; see the field errors.</summary>
    Invalid,

    /// <summary>The version sent is not the current one: re-read and retry.</summary>
    StaleVersion,

    /// <summary>Another record already holds a unique value (e.g. the NDIS number).</summary>
    Duplicate,
}

/// <summary>A record operation's result: the record, or why not.</summary>
public sealed record RecordOutcome<T>(T? Value, RecordFailure? Failure, string? Message, IReadOnlyList<FieldError> Errors)
    where T : class
{
    public bool Succeeded => Failure is null;

    public static RecordOutcome<T> Ok(T value) => new(value, null, null, []);

    public static RecordOutcome<T> NotFound(string message) => new(null, RecordFailure.NotFound, message, []);

    public static RecordOutcome<T> Invalid(IReadOnlyList<FieldError> errors) =>
        new(null, RecordFailure.Invalid, string.Join("; ", errors), errors);

    public static RecordOutcome<T> Stale(string message) => new(null, RecordFailure.StaleVersion, message, []);

    public static RecordOutcome<T> Duplicate(string field, string message) =>
        new(null, RecordFailure.Duplicate, message, [new FieldError(field, message)]);
}
