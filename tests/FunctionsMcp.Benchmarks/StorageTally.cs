using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// What storage requests were for: a request's verb (GET, POST, PUT, MERGE, DELETE, or <c>$batch</c> for an entity
/// group transaction) and the table it touched (<c>Tables</c> for creating one), with a transaction's operation count.
/// </summary>
internal sealed record StorageKind(string Verb, string Table)
{
    public const string Batch = "$batch";

    /// <summary>The verb of <c>POST /account/Tables</c>, whose body names the table it creates.</summary>
    public const string Create = "create";

    public override string ToString() => $"{Verb} {Table}";
}

/// <summary>Counts of storage requests by <see cref="StorageKind"/>, thread-safe, and snapshots to subtract.</summary>
internal sealed partial class StorageTally
{
    private readonly ConcurrentDictionary<StorageKind, StrongBox<long>> _requests = new();
    private readonly ConcurrentDictionary<StorageKind, StrongBox<long>> _operations = new();
    private readonly ConcurrentQueue<(long Timestamp, StorageKind Kind)> _recent = new();

    public void Add(StorageKind kind, int operations)
    {
        Interlocked.Increment(ref _requests.GetOrAdd(kind, _ => new StrongBox<long>()).Value);
        Interlocked.Add(ref _operations.GetOrAdd(kind, _ => new StrongBox<long>()).Value, operations);
        _recent.Enqueue((System.Diagnostics.Stopwatch.GetTimestamp(), kind));
        while (_recent.Count > 4000)
            _recent.TryDequeue(out _);
    }

    /// <summary>The latest requests (a few thousand at most) at or after <paramref name="since"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), oldest first.</summary>
    public IReadOnlyList<(long Timestamp, StorageKind Kind)> Since(long since) => [.. _recent.Where(r => r.Timestamp >= since)];

    public StorageCounts Snapshot() => new(_requests.ToDictionary(p => p.Key, p => (Interlocked.Read(ref p.Value.Value),
        _operations.TryGetValue(p.Key, out StrongBox<long>? ops) ? Interlocked.Read(ref ops.Value) : 0L)));

    /// <summary>The kind of a request to the table endpoint, from its method and raw target (<c>/account/table(keys)?query</c>).</summary>
    public static StorageKind Classify(string method, string rawTarget)
    {
        string[] segments = rawTarget.Split('?', 2)[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        string resource = segments.Length > 1 ? segments[1] : segments.FirstOrDefault() ?? "";
        int keys = resource.IndexOf('(', StringComparison.Ordinal);
        string table = keys >= 0 ? resource[..keys] : resource;
        return table == StorageKind.Batch ? new StorageKind(StorageKind.Batch, "?")
            : method == "POST" && table == "Tables" ? new StorageKind(StorageKind.Create, "?")
            : new StorageKind(method, table);
    }

    /// <summary>The table a <c>POST Tables</c> creates, from its JSON body (<c>{"TableName":"users"}</c>).</summary>
    public static string ReadCreatedTable(string body) => CreatedTable().Match(body) is { Success: true } match ? match.Groups["table"].Value : "?";

    /// <summary>A transaction's table (the first operation's) and how many operations it carries, read from its multipart body.</summary>
    public static (string Table, int Operations) ReadBatch(string body)
    {
        MatchCollection operations = OperationLine().Matches(body);
        return (operations.Count > 0 ? operations[0].Groups["table"].Value : "?", operations.Count);
    }

    // Each operation of a changeset starts with its request line: "PUT http://host/account/table(PartitionKey=...) HTTP/1.1".
    [GeneratedRegex(@"^(?:POST|PUT|MERGE|PATCH|DELETE) https?://[^/\s]+/[^/\s]+/(?<table>[A-Za-z][A-Za-z0-9]*)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex OperationLine();

    [GeneratedRegex(@"""TableName""\s*:\s*""(?<table>[^""]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex CreatedTable();
}

/// <summary>A snapshot of a <see cref="StorageTally"/>: requests and operations by kind.</summary>
internal sealed record StorageCounts(IReadOnlyDictionary<StorageKind, (long Requests, long Operations)> ByKind)
{
    public long Requests => ByKind.Values.Sum(v => v.Requests);

    public StorageCounts Minus(StorageCounts earlier) => new(ByKind.ToDictionary(
        p => p.Key,
        p => earlier.ByKind.TryGetValue(p.Key, out (long Requests, long Operations) e) ? (p.Value.Requests - e.Requests, p.Value.Operations - e.Operations) : p.Value));

    /// <summary>"GET participants 1.00, $batch auditbyorg 1.00 (1.0 op)": each kind's requests per call, most first.</summary>
    public string Describe(double calls) => string.Join(", ", ByKind
        .Where(p => p.Value.Requests > 0)
        .OrderByDescending(p => p.Value.Requests)
        .Select(p => $"{p.Key} {PerCall(p.Value.Requests, calls)}"
            + (p.Key.Verb == StorageKind.Batch ? Invariant($" ({p.Value.Operations / (double)p.Value.Requests:0.#} ops each)") : "")));

    // Rare requests (a key's last-use stamp, a periodic flush) would round to 0 per call: those show their count instead.
    private static string PerCall(long requests, double calls) =>
        requests / calls >= 0.005 ? Invariant($"{requests / calls:0.##}") : Invariant($"<0.01 ({requests} in all)");

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
