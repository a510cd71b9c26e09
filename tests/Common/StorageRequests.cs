using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace FunctionsMcp.Tests.Common;

/// <summary>
/// Every request a table client sends, as its method and its path below the account (Azurite's path style:
/// <c>table(PartitionKey='…',RowKey='…')</c>, <c>table()</c> for a query, <c>$batch</c> for a transaction), for tests
/// that count the storage work a piece of code does. Add it to the client's options as a pipeline policy.
/// </summary>
public sealed class StorageRequests : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<(RequestMethod Method, string Target)> _sent = new();

    /// <summary>Transactions (entity group transactions go to the account's <c>$batch</c>).</summary>
    public int Batches => _sent.Count(r => r.Target == "$batch");

    public void Clear() => _sent.Clear();

    /// <summary>Requests to <paramref name="table"/>, and every transaction (its target does not name the table).</summary>
    public int ToTableOrBatches(string table) => _sent.Count(r => r.Target.StartsWith(table + "(", StringComparison.Ordinal) || r.Target == "$batch");

    /// <summary>GETs of one row, in the order sent.</summary>
    public List<string> PointReads() =>
        _sent.Where(r => r.Method == RequestMethod.Get && r.Target.Contains("PartitionKey=", StringComparison.Ordinal)).Select(r => r.Target).ToList();

    public override void OnSendingRequest(HttpMessage message)
    {
        string path = Uri.UnescapeDataString(message.Request.Uri.Path);
        _sent.Enqueue((message.Request.Method, path[(path.IndexOf('/', 1) + 1)..]));
    }
}
