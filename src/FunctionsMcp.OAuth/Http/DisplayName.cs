namespace FunctionsMcp.OAuth.Http;

/// <summary>
/// The rule for names people give things (an access key, an OAuth client) that are shown back to them and to others:
/// a length, no control characters, and none of the characters that change the direction of text. A right-to-left
/// override can make a name read as another on a page or in a terminal (Unicode TR36 §2.3, "Trojan
/// Source", CVE-2021-42574), so a name that holds one is refused, not cleaned.
/// </summary>
public static class DisplayName
{
    /// <summary>
    /// Why <paramref name="name"/> cannot be used as the name of <paramref name="what"/> ("the key"), as a sentence
    /// without its full stop; null when it can.
    /// </summary>
    public static string? Problem(string? name, int max, string what)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > max)
            return $"{what} needs a name of 1 to {max} characters";
        if (name.Any(char.IsControl))
            return $"{what}'s name may not contain control characters (such as line breaks or tabs)";
        if (name.Any(IsDirectionControl))
            return $"{what}'s name may not contain characters that change the direction of text (such as U+202E RIGHT-TO-LEFT OVERRIDE), which can make a name look like another";
        return null;
    }

    /// <summary>
    /// The bidirectional formatting characters (Unicode UAX #9 §2): the embeddings and overrides U+202A–U+202E, the
    /// isolates U+2066–U+2069, and the marks U+200E, U+200F and U+061C.
    /// </summary>
    public static bool IsDirectionControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';
}
