namespace FunctionsMcp.Ndis.Common;

/// <summary>
/// One page of a list: the opaque cursor of the next page (null on the last), and how many items follow this page,
/// counted up to <see cref="Paging.MoreCountedUpTo"/> (so that many means at least that many).
/// </summary>
public sealed record RecordPage<T>(IReadOnlyList<T> Items, string? NextCursor, int More);

/// <summary>Page size rules shared by every list.</summary>
public static class Paging
{
    public const int DefaultSize = 25;
    public const int MaxSize = 100;

    /// <summary>How far past a page a list counts the items that follow: enough to say "at least one more full page".</summary>
    public const int MoreCountedUpTo = 100;

    public static int Size(int? requested) => Math.Clamp(requested ?? DefaultSize, 1, MaxSize);
}

/// <summary>Who changed a record and when.</summary>
public sealed record Stamp(DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>Short random record ids: 12 lower-case base32 characters after a type prefix (e.g. <c>pt_3kq9…</c>).</summary>
public static class RecordIds
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    private static readonly System.Buffers.SearchValues<char> s_alphabet = System.Buffers.SearchValues.Create(Alphabet);

    public static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[12];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        var id = new char[12];
        for (int i = 0; i < id.Length; i++)
            id[i] = Alphabet[bytes[i] % Alphabet.Length];
        return prefix + "_" + new string(id);
    }

    /// <summary>True for an id of this shape (lets unknown or foreign ids be refused without a storage read).</summary>
    public static bool IsWellFormed(string? id, string prefix) =>
        id is not null && id.Length == prefix.Length + 13 && id.StartsWith(prefix + "_", StringComparison.Ordinal)
        && id.AsSpan(prefix.Length + 1).IndexOfAnyExcept(s_alphabet) < 0;
}
