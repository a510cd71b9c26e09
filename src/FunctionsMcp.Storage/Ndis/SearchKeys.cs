using System.Globalization;
using System.Text;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>
/// Turns names into row-key fragments: lower case, accents removed, letters and digits only (so "O'Brien" and
/// "obrien" sort and match together, and no key ever holds a character the Table service forbids).
/// </summary>
internal static class SearchKeys
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return string.Empty;
        var key = new StringBuilder(text.Length);
        foreach (char c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            if (char.IsLetterOrDigit(c))
                key.Append(char.ToLowerInvariant(c));
        }

        return key.ToString();
    }

    /// <summary>
    /// The distinct searchable words of a person's names: each name whole and each of its parts, so "O'Brien" is
    /// found by "obri" and by "brien", and "Mary-Jane van Dyke" by "mary", "jane", "maryjane", "van" or "dyke".
    /// </summary>
    public static IReadOnlyList<string> Words(params string?[] names) =>
        names.Where(n => !string.IsNullOrWhiteSpace(n))
            .SelectMany(n => n!.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .SelectMany(part => part.Split(['-', '\'', '\u2019'], StringSplitOptions.RemoveEmptyEntries).Append(part))
            .Select(Normalize)
            .Where(w => w.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The terms of a search: each whitespace-separated word, normalized ("O'Brien Ava" gives obrien, ava).</summary>
    public static IReadOnlyList<string> Terms(string? search) =>
        (search ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(Normalize).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The exclusive upper bound of all keys starting with <paramref name="prefix"/>.</summary>
    public static string After(string prefix) => prefix + '\uffff';
}
