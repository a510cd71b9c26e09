using System.Text.Json;
using Azure;
using Azure.Core;

namespace FunctionsMcp.Storage.Tables;

/// <summary>
/// Pages of a table query. A page may be empty and still have a continuation (the service stops at
/// partition boundaries and after 5 s), so callers follow continuations rather than stopping at an empty page.
/// The continuation token is opaque: the service's next partition and row keys, escaped.
/// </summary>
internal sealed class TableQueryPageable<T>(TableClient table, TableFilter? filter, int? maxPerPage, string[]? select, CancellationToken cancellationToken)
    : AsyncPageable<T>(cancellationToken)
    where T : class, ITableEntity, new()
{
    private const string NextPartitionKey = "NextPartitionKey";
    private const string NextRowKey = "NextRowKey";

    public override async IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        string? token = continuationToken;
        do
        {
            Page<T> page = await ReadPageAsync(token, pageSizeHint ?? maxPerPage, CancellationToken);
            yield return page;
            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    private async Task<Page<T>> ReadPageAsync(string? continuation, int? top, CancellationToken cancellationToken)
    {
        using HttpMessage message = table.Pipeline.CreateMessage(RequestMethod.Get, table.Name + "()");
        RequestUriBuilder uri = message.Request.Uri;
        if (filter is { } f)
            uri.AppendQuery("$filter", f.Text, true);
        if (select is { Length: > 0 })
            uri.AppendQuery("$select", string.Join(',', select), true);
        if (top is not null)
            uri.AppendQuery("$top", top.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), false);
        if (continuation is not null)
        {
            (string partitionKey, string? rowKey) = ParseToken(continuation);
            uri.AppendQuery(NextPartitionKey, partitionKey, true);
            if (rowKey is not null)
                uri.AppendQuery(NextRowKey, rowKey, true);
        }

        Response response = await table.Pipeline.SendAsync(message, $"Querying table {table.Name}", cancellationToken);
        if (response.Status != 200)
            throw TableErrors.FromResponse(response, $"Querying table {table.Name}");

        var values = new List<T>();
        using (JsonDocument document = JsonDocument.Parse(response.Content.ToMemory()))
        {
            foreach (JsonElement element in document.RootElement.GetProperty("value").EnumerateArray())
                values.Add(EntityMapper.FromEntity<T>(EntityJson.Read(element)));
        }

        return Page<T>.FromValues(values, NextToken(response), response);
    }

    private static string? NextToken(Response response)
    {
        if (!response.Headers.TryGetValue("x-ms-continuation-" + NextPartitionKey, out string? partitionKey))
            return null;
        response.Headers.TryGetValue("x-ms-continuation-" + NextRowKey, out string? rowKey);
        return Uri.EscapeDataString(partitionKey) + (rowKey is null ? string.Empty : " " + Uri.EscapeDataString(rowKey));
    }

    private static (string PartitionKey, string? RowKey) ParseToken(string token)
    {
        int space = token.IndexOf(' ', StringComparison.Ordinal);
        try
        {
            return space < 0
                ? (Uri.UnescapeDataString(token), null)
                : (Uri.UnescapeDataString(token[..space]), Uri.UnescapeDataString(token[(space + 1)..]));
        }
        catch (UriFormatException)
        {
            throw new ArgumentException("The continuation token is not one this client issued.", nameof(token));
        }
    }
}

/// <summary>Helpers for reading a query one page at a time.</summary>
public static class TablePaging
{
    /// <summary>
    /// Reads the first non-empty page at or after <paramref name="continuationToken"/> (skipping the empty pages
    /// the service may return), with the token to resume from, or null at the end.
    /// </summary>
    public static async Task<(IReadOnlyList<T> Values, string? ContinuationToken)> ReadPageAsync<T>(
        this AsyncPageable<T> pageable, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
        where T : notnull
    {
        await foreach (Page<T> page in pageable.AsPages(continuationToken, pageSize).WithCancellation(cancellationToken))
        {
            if (page.Values.Count > 0 || page.ContinuationToken is null)
                return (page.Values, page.ContinuationToken);
        }

        return ([], null);
    }
}
