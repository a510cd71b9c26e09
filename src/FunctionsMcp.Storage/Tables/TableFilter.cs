using System.Globalization;
using System.Text;

namespace FunctionsMcp.Storage.Tables;

/// <summary>
/// An OData <c>$filter</c> for a table query. The only way to make one is from an interpolated string,
/// whose holes become escaped literals: <c>TableFilter.Create($"PartitionKey eq {orgId} and Name ge {from}")</c>.
/// A value such as <c>x' or true or 'a</c> stays one literal string. Plain strings are not accepted, so
/// no caller can concatenate user input into a filter.
/// </summary>
public readonly record struct TableFilter
{
    private TableFilter(string text) => Text = text;

    /// <summary>The filter text as sent to the service.</summary>
    public string Text { get; }

    /// <summary>Builds a filter, turning every interpolated value into an escaped OData literal.</summary>
    public static TableFilter Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        object?[] arguments = filter.GetArguments();
        var literals = new object[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
            literals[i] = Literal(arguments[i]);
        return new TableFilter(string.Format(CultureInfo.InvariantCulture, filter.Format, literals));
    }

    /// <summary><c>PartitionKey eq '…'</c>.</summary>
    public static TableFilter PartitionKeyEquals(string partitionKey) => Create($"PartitionKey eq {partitionKey}");

    /// <summary>Rows of one partition whose row key starts with <paramref name="prefix"/>.</summary>
    public static TableFilter RowKeyPrefix(string partitionKey, string prefix) =>
        Create($"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {prefix + '\uffff'}");

    /// <summary>Both filters.</summary>
    public TableFilter And(TableFilter other) => new($"({Text}) and ({other.Text})");

    /// <summary>Either filter.</summary>
    public TableFilter Or(TableFilter other) => new($"({Text}) or ({other.Text})");

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Formats one value as an OData literal.</summary>
    public static string Literal(object? value) => value switch
    {
        null => throw new ArgumentException("A filter value may not be null: the Table service stores no nulls."),
        string s => Quote(s),
        char c => Quote(c.ToString()),
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d when double.IsFinite(d) => FormatDouble(d),
        DateTimeOffset dto => "datetime'" + EntityJson.FormatDate(dto) + "'",
        DateTime dt => "datetime'" + EntityJson.FormatDate(new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt)) + "'",
        Guid g => "guid'" + g.ToString("D") + "'",
        byte[] bytes => "X'" + Convert.ToHexString(bytes) + "'",
        Enum e => Quote(e.ToString()),
        _ => throw new ArgumentException($"A value of type {value.GetType().Name} cannot appear in a table filter."),
    };

    // A double literal needs a decimal point or exponent, or the service reads it as Int32.
    private static string FormatDouble(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny('.', 'E') >= 0 ? text : text + ".0";
    }

    private static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('\'');
        foreach (char c in value)
            builder.Append(c == '\'' ? "''" : c.ToString());
        return builder.Append('\'').ToString();
    }
}
