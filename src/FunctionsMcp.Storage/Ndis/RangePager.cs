using Azure.Data.Tables;
using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>One row-key range of a listing, with an optional further filter inside it.</summary>
internal sealed record KeyRange(string From, string To, string? Extra = null)
{
    public static KeyRange Prefix(string prefix, string? extra = null) => new(prefix, SearchKeys.After(prefix), extra);
}

/// <summary>
/// Reads a page from a list of row-key ranges of one partition, in order, resuming after a <see cref="ListCursor"/>;
/// rows the <c>keep</c> test refuses are skipped. The same query reads on past the page to count what follows (up to
/// <see cref="Paging.MoreCountedUpTo"/>), so a page says how many more there are, and the last page has no cursor.
/// </summary>
internal static class RangePager
{
    public static async Task<RecordOutcome<RecordPage<TItem>>> ReadAsync<TEntity, TItem>(
        TableClient table, string partitionKey, IReadOnlyList<KeyRange> ranges, int pageSize, string? cursorText,
        Func<TEntity, bool> keep, Func<TEntity, TItem> map, CancellationToken cancellationToken)
        where TEntity : class, ITableEntity, new()
        where TItem : class
    {
        if (!ListCursor.TryDecode(cursorText, ranges, out ListCursor start))
            return RecordOutcome<RecordPage<TItem>>.Invalid([new FieldError("cursor", "is not a cursor from this list: start again without it")]);

        var items = new List<TItem>();
        ListCursor? next = null;
        int more = 0;
        string? after = start.After;
        for (int range = start.Range; range < ranges.Count && more < Paging.MoreCountedUpTo; range++, after = null)
        {
            // Rows are read in key order; the cursor names the last row the page took, so a resume never repeats or
            // skips a row even when rows are added or removed in between (a storage continuation token would too, but
            // it cannot point into the middle of the rows one query returned).
            int wanted = pageSize - items.Count + Paging.MoreCountedUpTo - more;
            await foreach (TEntity row in table.QueryAsync<TEntity>(Filter(partitionKey, ranges[range], after), Math.Min(wanted, MaxRowsPerRequest), cancellationToken: cancellationToken))
            {
                if (next is null)
                {
                    if (keep(row))
                        items.Add(map(row));
                    if (items.Count == pageSize)
                        next = new ListCursor(range, row.RowKey);
                }
                else if (keep(row) && ++more == Paging.MoreCountedUpTo)
                {
                    break;
                }
            }
        }

        return RecordOutcome<RecordPage<TItem>>.Ok(new RecordPage<TItem>(items, more > 0 ? next!.Encode() : null, more));
    }

    /// <summary>The most entities Table Storage returns for one request.</summary>
    private const int MaxRowsPerRequest = 1000;

    private static string Filter(string partitionKey, KeyRange range, string? after)
    {
        string filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {range.From} and RowKey lt {range.To}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {after} and RowKey lt {range.To}");
        return range.Extra is { } extra ? $"({filter}) and ({extra})" : filter;
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
