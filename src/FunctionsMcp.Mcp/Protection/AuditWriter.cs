using System.Threading.Channels;
using FunctionsMcp.Mcp.Transport;
using FunctionsMcp.OAuth.Audit;
using FunctionsMcp.OAuth.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunctionsMcp.Mcp.Protection;

/// <summary>
/// Writes an audit entry for every authenticated <c>/mcp</c> request without holding up its response: entries go
/// into a bounded queue that a background loop collects and writes an organization's day at a time (see
/// <see cref="PendingAudit"/>), so entries of one partition share transactions instead of each request costing its
/// own. A partition is written when <see cref="PartitionBatch"/> of its entries wait, and everything waiting at most
/// <see cref="FlushInterval"/> after the oldest of it arrived, and when the app stops. Unauthenticated requests
/// belong to no organization and are not audited. Every entry that is not written (the store failed or refused it,
/// or the queue was full) is logged and counted.
/// </summary>
internal sealed partial class AuditWriter(IAuditStore store, TimeProvider time, FunctionsMcpMetrics metrics, ILogger<AuditWriter> logger)
    : BackgroundService, IMcpRequestObserver
{
    /// <summary>How long an entry may wait for others of its partition: the audit trail lags requests by at most this.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    /// <summary>A table transaction's limit: an organization's day is written as soon as this many of its entries wait.</summary>
    public const int PartitionBatch = 100;

    /// <summary>Entries waiting to be collected; past this the newest are dropped (and counted) rather than blocking a response.</summary>
    public const int Capacity = 10_000;

    // Wait, not DropWrite: in the Drop modes TryWrite reports success for the entry it drops, so a full queue went
    // uncounted. Only TryWrite is called, which never waits: when full it returns false and the entry is counted.
    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private readonly PendingAudit _pending = new(PartitionBatch);
    private long _dropped;
    private int _dropReported;

    public void OnCompleted(McpRequestRecord record)
    {
        if (record.Principal is not { } principal)
            return;
        var entry = new AuditEntry(
            time.GetUtcNow(), principal.OrganizationId, principal.UserId, principal.Credential.ToString(), principal.CredentialId, principal.ClientId,
            record.Method, record.Tool, record.Outcome, record.Status, (int)record.Elapsed.TotalMilliseconds);
        if (_queue.Writer.TryWrite(entry))
            return;

        // Counted as it happens; logged once until the next write reports how many (so a flood of drops is one line a flush).
        Interlocked.Increment(ref _dropped);
        metrics.AuditEntriesLost(1, FunctionsMcpMetrics.AuditFailures.Dropped);
        if (Interlocked.Exchange(ref _dropReported, 1) == 0)
            LogQueueFull(logger, Capacity);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Task? due = null;
        Task<bool>? arrival = null;
        try
        {
            while (true)
            {
                while (_queue.Reader.TryRead(out AuditEntry? entry))
                {
                    if (_pending.Add(entry) is { } full)
                        await WriteAsync(full);
                }

                // The oldest waiting entry starts the clock; a partition written early (full) leaves it running for the rest.
                if (_pending.Count > 0)
                    due ??= Task.Delay(FlushInterval, time, stoppingToken);
                arrival ??= _queue.Reader.WaitToReadAsync(stoppingToken).AsTask();
                if (due is null)
                {
                    if (!await arrival)
                        break;
                    arrival = null;
                    continue;
                }

                await Task.WhenAny(arrival, due);
                if (due.IsCompleted)
                {
                    due = null;
                    await FlushAsync();
                }

                if (arrival.IsCompleted)
                {
                    if (!await arrival)
                        break;
                    arrival = null;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: write everything below.
        }

        await FinishAsync();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken);
        }
        finally
        {
            // Stopped right after starting, ExecuteAsync may never have run (it starts on the thread pool, and not at all
            // once stopping began): write what is queued here. Only once it has ended, so the queue keeps one reader.
            if (ExecuteTask is null || ExecuteTask.IsCompleted)
                await FinishAsync();
        }
    }

    /// <summary>Closes the queue and writes every entry in it or waiting.</summary>
    private async Task FinishAsync()
    {
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out AuditEntry? entry))
        {
            if (_pending.Add(entry) is { } full)
                await WriteAsync(full);
        }

        await FlushAsync();
    }

    /// <summary>Writes every waiting partition, each on its own, then reports entries the full queue dropped meanwhile.</summary>
    private async Task FlushAsync()
    {
        foreach (IReadOnlyList<AuditEntry> partition in _pending.TakeAll())
            await WriteAsync(partition);

        long dropped = Interlocked.Exchange(ref _dropped, 0);
        if (dropped > 0)
            LogDropped(logger, dropped);
        Interlocked.Exchange(ref _dropReported, 0);
    }

    /// <summary>One organization's day; if the store cannot take it at all, each entry alone, so one bad entry costs only itself.</summary>
    private async Task WriteAsync(IReadOnlyList<AuditEntry> partition)
    {
        IReadOnlyList<AuditEntry> lost;
        try
        {
            lost = await store.WriteAsync(partition, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBatchFailed(logger, ex, partition.Count);
            lost = await WriteOneByOneAsync(partition);
        }

        foreach (AuditEntry entry in lost)
        {
            LogEntryLost(logger, entry.OrganizationId, entry.CredentialId);
            metrics.AuditEntriesLost(1, FunctionsMcpMetrics.AuditFailures.Rejected);
        }
    }

    private async Task<IReadOnlyList<AuditEntry>> WriteOneByOneAsync(IReadOnlyList<AuditEntry> partition)
    {
        var lost = new List<AuditEntry>();
        foreach (AuditEntry entry in partition)
        {
            try
            {
                lost.AddRange(await store.WriteAsync([entry], CancellationToken.None));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Reported here, with its exception, rather than among the returned ones.
                LogEntryFailed(logger, ex, entry.OrganizationId, entry.CredentialId);
                metrics.AuditEntriesLost(1, FunctionsMcpMetrics.AuditFailures.Failed);
            }
        }

        return lost;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write a batch of {Count} audit entries; writing them one by one.")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write an audit entry of organization {OrganizationId}, credential {CredentialId}.")]
    private static partial void LogEntryFailed(ILogger logger, Exception exception, string organizationId, string credentialId);

    [LoggerMessage(Level = LogLevel.Error, Message = "An audit entry of organization {OrganizationId}, credential {CredentialId} was not written.")]
    private static partial void LogEntryLost(ILogger logger, string organizationId, string credentialId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit queue is full ({Capacity} entries): new entries are dropped until the writer catches up.")]
    private static partial void LogQueueFull(ILogger logger, int capacity);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit queue was full: {Count} entries were dropped.")]
    private static partial void LogDropped(ILogger logger, long count);
}
