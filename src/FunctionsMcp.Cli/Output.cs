using System.Globalization;
using System.Text.Json;
using FunctionsMcp.OAuth.Identity;

namespace FunctionsMcp.Cli;

/// <summary>How the CLI prints: aligned plain-text tables, indented JSON, and UTC times.</summary>
internal static class Output
{
    private const string ColumnGap = "  ";
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Writes a table whose columns are as wide as their widest cell; the last column is not padded.</summary>
    public static void Table(TextWriter writer, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        List<string[]> cells = [[.. headers], .. rows.Select(row => row.Select(Clean).ToArray())];
        int[] widths = headers.Select((_, column) => cells.Max(row => row[column].Length)).ToArray();
        foreach (string[] row in cells)
            writer.WriteLine(string.Join(ColumnGap, row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd());
    }

    /// <summary>
    /// Prints what a list command found: <paramref name="items"/> as JSON with <c>--json</c>; otherwise a table of them,
    /// or <paramref name="none"/> when there are none. Returns exit code 0.
    /// </summary>
    public static int List<T>(CommandContext context, IReadOnlyList<T> items, string none, IReadOnlyList<string> headers, Func<T, IReadOnlyList<string>> row)
    {
        if (context.Json)
            Json(context.Output, items);
        else if (items.Count == 0)
            context.Output.WriteLine(none);
        else
            Table(context.Output, headers, items.Select(row));
        return ExitCodes.Success;
    }

    public static void Json<T>(TextWriter writer, T value) => writer.WriteLine(JsonSerializer.Serialize(value, s_json));

    /// <summary>A time as <c>yyyy-MM-dd HH:mm</c> UTC, or <paramref name="none"/> when there is none.</summary>
    public static string Minutes(DateTimeOffset? time, string none = "-") =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? none;

    /// <summary>A time as <c>yyyy-MM-dd HH:mm:ss</c> UTC.</summary>
    public static string Seconds(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Scopes as one cell: "all" when every scope, since eleven of them would dwarf the other columns.</summary>
    public static string ScopeList(IReadOnlyList<string> scopes) =>
        scopes.SequenceEqual(Scopes.All) ? "all" : string.Join(",", scopes);

    public static string YesNo(bool value) => value ? "yes" : "no";

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    // Stored names are free text: keep a stray newline or tab from breaking the columns.
    private static string Clean(string cell) =>
        cell.Any(char.IsControl) ? new string(cell.Select(c => char.IsControl(c) ? ' ' : c).ToArray()) : cell;
}
