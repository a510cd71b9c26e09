namespace FunctionsMcp.Storage;

/// <summary>
/// Which strings may be a partition or row key ("Understanding the Table service data model"). Azure.Data.Tables sends
/// any key, and the service answers a forbidden one with an error; ids that come from outside (a client id that is a
/// URL, an id typed by a model) are checked here first, so they read as "no such record" without a request.
/// </summary>
internal static class TableKeys
{
    /// <summary>Keys may be at most 1 KiB.</summary>
    public const int MaxLength = 1024;

    /// <summary>True when <paramref name="value"/> may be used as a key.</summary>
    public static bool IsValid(string? value) => value is { Length: <= MaxLength } && !value.Any(IsForbidden);

    private static bool IsForbidden(char c) => c is '/' or '\\' or '#' or '?' or <= '\u001F' or (>= '\u007F' and <= '\u009F');
}
