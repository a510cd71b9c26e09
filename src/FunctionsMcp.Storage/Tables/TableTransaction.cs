using System.Globalization;
using System.Text;
using Azure;
using Azure.Core;

namespace FunctionsMcp.Storage.Tables;

/// <summary>
/// Entity group transactions ("Performing entity group transactions"): one multipart <c>$batch</c> request
/// holding a single changeset. The service applies all operations or none; on failure the changeset response
/// holds one error whose message starts with the failing operation's index ("3:…").
/// </summary>
internal static class TableTransaction
{
    public const int MaxActions = 100;
    private const string Crlf = "\r\n";

    public static async Task<IReadOnlyList<ETag>> SubmitAsync(TableClient table, List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        Validate(actions);
        string batch = "batch_" + Guid.NewGuid().ToString("N");
        string changeset = "changeset_" + Guid.NewGuid().ToString("N");

        using HttpMessage message = table.Pipeline.CreateMessage(RequestMethod.Post, "$batch");
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, $"multipart/mixed; boundary={batch}");
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(Body(table, actions, batch, changeset)));

        const string Operation = "Submitting a transaction";
        Response response = await table.Pipeline.SendAsync(message, Operation, cancellationToken);
        if (response.Status != 202)
            throw TableErrors.FromResponse(response, Operation);

        List<Part> parts = ReadParts(response.Content.ToString());
        Part? failed = parts.FirstOrDefault(p => p.Status >= 400);
        if (failed is not null)
        {
            (string? code, string? text) = TableErrors.Parse(failed.Body);
            (int? index, string? detail) = SplitIndex(text);
            throw new TableTransactionFailedException(
                TableErrors.Classify(failed.Status, code), failed.Status, code,
                TableErrors.Describe(Operation, failed.Status, code, index is null ? detail : $"operation {index}: {detail}"), index);
        }

        if (parts.Count != actions.Count)
        {
            throw new TableStorageException(
                TableFailure.Other, response.Status, null, $"{Operation}: expected {actions.Count} results, the service sent {parts.Count}.");
        }

        return parts.Select(p => p.ETag is null ? default : new ETag(p.ETag)).ToList();
    }

    private static void Validate(List<TableTransactionAction> actions)
    {
        if (actions.Count is 0 or > MaxActions)
            throw new ArgumentException($"A transaction holds 1 to {MaxActions} actions; this one has {actions.Count}.", nameof(actions));

        string partition = actions[0].Entity.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (TableTransactionAction action in actions)
        {
            TableClient.EnsureKeys(action.Entity);
            if (!string.Equals(action.Entity.PartitionKey, partition, StringComparison.Ordinal))
                throw new ArgumentException("Every action of a transaction must use the same partition key.", nameof(actions));
            if (!rows.Add(action.Entity.RowKey))
                throw new ArgumentException("A transaction may touch each entity only once.", nameof(actions));
        }
    }

    private static string Body(TableClient table, List<TableTransactionAction> actions, string batch, string changeset)
    {
        var body = new StringBuilder();
        body.Append("--").Append(batch).Append(Crlf)
            .Append("Content-Type: multipart/mixed; boundary=").Append(changeset).Append(Crlf).Append(Crlf);

        string endpoint = table.Pipeline.Endpoint.AbsoluteUri.TrimEnd('/');
        foreach (TableTransactionAction action in actions)
        {
            ITableEntity entity = action.Entity;
            string entityUrl = $"{endpoint}/{TablePipeline.EntityPath(table.Name, entity.PartitionKey, entity.RowKey)}";
            (string method, string url, bool ifMatch, bool hasBody) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST", $"{endpoint}/{table.Name}", false, true),
                TableTransactionActionType.UpdateMerge => ("MERGE", entityUrl, true, true),
                TableTransactionActionType.UpdateReplace => ("PUT", entityUrl, true, true),
                TableTransactionActionType.Delete => ("DELETE", entityUrl, true, false),
                TableTransactionActionType.UpsertMerge => ("MERGE", entityUrl, false, true),
                TableTransactionActionType.UpsertReplace => ("PUT", entityUrl, false, true),
                _ => throw new ArgumentOutOfRangeException(nameof(actions), action.ActionType, "Unknown transaction action."),
            };

            body.Append("--").Append(changeset).Append(Crlf)
                .Append("Content-Type: application/http").Append(Crlf)
                .Append("Content-Transfer-Encoding: binary").Append(Crlf).Append(Crlf)
                .Append(method).Append(' ').Append(url).Append(" HTTP/1.1").Append(Crlf)
                .Append("Accept: ").Append(TablePipeline.JsonAccept).Append(Crlf)
                .Append("Prefer: return-no-content").Append(Crlf)
                .Append("DataServiceVersion: 3.0;").Append(Crlf);
            if (ifMatch)
                body.Append("If-Match: ").Append(action.ETag == default ? "*" : action.ETag.ToString()).Append(Crlf);
            if (hasBody)
            {
                body.Append("Content-Type: application/json").Append(Crlf).Append(Crlf)
                    .Append(Encoding.UTF8.GetString(EntityJson.Write(entity.PartitionKey, entity.RowKey, EntityMapper.ToProperties(entity))));
            }

            body.Append(Crlf);
        }

        body.Append("--").Append(changeset).Append("--").Append(Crlf)
            .Append("--").Append(batch).Append("--").Append(Crlf);
        return body.ToString();
    }

    private sealed record Part(int Status, string? ETag, string Body);

    // Each part of the changeset response is an embedded HTTP response: status line, headers, blank line, body.
    private static List<Part> ReadParts(string content)
    {
        var parts = new List<Part>();
        int position = 0;
        while ((position = content.IndexOf("HTTP/1.1 ", position, StringComparison.Ordinal)) >= 0)
        {
            int lineEnd = content.IndexOf('\n', position);
            string statusLine = content[position..(lineEnd < 0 ? content.Length : lineEnd)].Trim();
            int status = int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);

            int headersEnd = content.IndexOf("\r\n\r\n", position, StringComparison.Ordinal);
            string headers = headersEnd < 0 ? string.Empty : content[position..headersEnd];
            int bodyStart = headersEnd < 0 ? content.Length : headersEnd + 4;
            int bodyEnd = content.IndexOf("\r\n--", bodyStart, StringComparison.Ordinal);
            string body = content[bodyStart..(bodyEnd < 0 ? content.Length : bodyEnd)];

            parts.Add(new Part(status, Header(headers, "ETag"), body));
            position = bodyEnd < 0 ? content.Length : bodyEnd;
        }

        return parts;
    }

    private static string? Header(string headers, string name)
    {
        foreach (string line in headers.Split("\r\n"))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                return line[(colon + 1)..].Trim();
        }

        return null;
    }

    private static (int? Index, string? Detail) SplitIndex(string? message)
    {
        if (message is null)
            return (null, null);
        int colon = message.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && int.TryParse(message.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            ? (index, message[(colon + 1)..])
            : (null, message);
    }
}
