using System.Text.RegularExpressions;

namespace FunctionsMcp.Storage.Tables;

/// <summary>
/// The Table service's rules for names and keys ("Understanding the Table service data model"), checked
/// before a request is sent so a bad key fails with a clear message instead of a 400 from the service.
/// </summary>
public static partial class TableKeyRules
{
    /// <summary>The partition key property name.</summary>
    public const string PartitionKey = "PartitionKey";

    /// <summary>The row key property name.</summary>
    public const string RowKey = "RowKey";

    /// <summary>The service-maintained timestamp property name.</summary>
    public const string Timestamp = "Timestamp";

    /// <summary>Keys may be at most 1 KiB.</summary>
    public const int MaxKeyLength = 1024;

    internal static bool IsSystemProperty(string name) => name is PartitionKey or RowKey or Timestamp;

    /// <summary>Null when <paramref name="value"/> may be a key; otherwise the reason it may not.</summary>
    public static string? KeyProblem(string? value)
    {
        if (value is null)
            return "is missing";
        if (value.Length > MaxKeyLength)
            return $"is longer than {MaxKeyLength} characters";
        foreach (char c in value)
        {
            if (c is '/' or '\\' or '#' or '?')
                return $"contains '{c}', which keys may not contain";
            if (c <= '\u001F' || (c >= '\u007F' && c <= '\u009F'))
                return "contains a control character, which keys may not contain";
        }

        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a key is not allowed.</summary>
    public static void EnsureKey(string? value, string keyName)
    {
        string? problem = KeyProblem(value);
        if (problem is not null)
            throw new ArgumentException($"The {keyName} {problem}.", keyName);
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a table name is not allowed.</summary>
    public static void EnsureTableName(string? name)
    {
        if (name is null || !TableName().IsMatch(name) || string.Equals(name, "tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid table name: use 3-63 letters and digits, starting with a letter.", nameof(name));
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}
