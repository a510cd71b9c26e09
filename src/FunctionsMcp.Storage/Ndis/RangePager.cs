using Azure;
using Azure.Data.Tables;
using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>One row-key range of a listing, with an optional further filter inside it.</summary>
internal sealed record KeyRange(string From, string To, string? Extra = null)
{
    public static KeyRange Prefix(string prefix, string? extra = null) => new(prefix, SearchKeys.After(prefix), extra);
}

/// <summary>
/// Reads a page from a list of row-key ranges of one partition, in order, resuming from a <see cref="ListCursor"/>;
/// rows the <c>keep</c> test refuses are skipped (they still advance the storage continuation).
/// </summary>
internal static class RangePager
{
    public static async Task<RecordOutcome<RecordPage<TItem>>> ReadAsync<TEntity, TItem>(
        TableClient table, string partitionKey, IReadOnlyList<KeyRange> ranges, int pageSize, string? cursorText,
        Func<TEntity, bool> keep, Func<TEntity, TItem> map, CancellationToken cancellationToken)
        where TEntity : class, ITableEntity, new()
        where TItem : class
    {
        if (!ListCursor.TryDecode(cursorText, ranges.Count, out ListCursor cursor))
            return RecordOutcome<RecordPage<TItem>>.Invalid([new FieldError("cursor", "is not a cursor from this list: start again without it")]);

        var items = new List<TItem>();
        int range = cursor.Range;
        string? continuation = cursor.Continuation;
        while (range < ranges.Count && items.Count < pageSize)
        {
            KeyRange r = ranges[range];
            string filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {r.From} and RowKey lt {r.To}");
            if (r.Extra is { } extra)
                filter = $"({filter}) and ({extra})";
            (IReadOnlyList<TEntity> rows, string? next) = await FirstPageAsync(
                table.QueryAsync<TEntity>(filter, cancellationToken: cancellationToken), continuation, pageSize - items.Count, cancellationToken);
            items.AddRange(rows.Where(keep).Select(map));
            if (next is null)
            {
                range++;
                continuation = null;
            }
            else
            {
                continuation = next;
            }
        }

        string? nextCursor = range < ranges.Count ? new ListCursor(range, continuation).Encode() : null;
        return RecordOutcome<RecordPage<TItem>>.Ok(new RecordPage<TItem>(items, nextCursor));
    }

    /// <summary>
    /// The first non-empty page at or after <paramref name="continuation"/>, with the token to resume from (null at the end).
    /// The service may answer a page with no rows and a continuation (at partition boundaries, or after 5 s), so a listing
    /// follows continuations rather than stopping at an empty page.
    /// </summary>
    private static async Task<(IReadOnlyList<T> Rows, string? Next)> FirstPageAsync<T>(
        AsyncPageable<T> query, string? continuation, int pageSize, CancellationToken cancellationToken)
        where T : notnull
    {
        await foreach (Page<T> page in query.AsPages(continuation, pageSize).WithCancellation(cancellationToken))
        {
            if (page.Values.Count > 0 || page.ContinuationToken is null)
                return (page.Values, page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>
    /// For word-index rows (<c>&lt;prefix&gt;&lt;word&gt;_…</c>): true when every term prefixes one of the record's
    /// words, and this row is the one of the first such word, so each record appears once.
    /// </summary>
    public static bool MatchesOnce(string rowKey, string prefix, string words, IReadOnlyList<string> terms)
    {
        if (terms.Count == 0)
            return true;
        string[] all = words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!terms.All(term => all.Any(word => word.StartsWith(term, StringComparison.Ordinal))))
            return false;
        string first = all.First(word => word.StartsWith(terms[0], StringComparison.Ordinal));
        return rowKey.AsSpan(prefix.Length).StartsWith(first + "_", StringComparison.Ordinal);
    }
}
