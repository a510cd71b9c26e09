namespace FunctionsMcp.OAuth.Http;

/// <summary>Client-controlled text that is quoted back in an error, logged or stored, cut to a bound first.</summary>
public static class BoundedText
{
    /// <summary>
    /// <paramref name="text"/> if it has at most <paramref name="max"/> characters; otherwise its first ones and an
    /// ellipsis, <paramref name="max"/> characters in all, never splitting a surrogate pair.
    /// </summary>
    public static string Cut(string text, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 2);
        if (text.Length <= max)
            return text;
        int end = max - 1;
        if (char.IsHighSurrogate(text[end - 1]))
            end--;
        return string.Concat(text.AsSpan(0, end), "…");
    }

    /// <inheritdoc cref="Cut(string, int)"/>
    public static string? CutOrNull(string? text, int max) => text is null ? null : Cut(text, max);
}
