using System.Threading.Channels;
using FunctionsMcp.Mcp.Transport;
using FunctionsMcp.OAuth.Audit;
using FunctionsMcp.OAuth.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunctionsMcp.Mcp.Protection;

/// <summary>
/// Writes an audit entry for every authenticated <c>/mcp</c> request without holding up its response: entries go
/// into a bounded queue that a background loop drains in batches (one transaction per partition). When the app
/// stops, the queue is flushed. Unauthenticated requests belong to no organization and are not audited. Every entry
/// that is not written (the store failed or refused it, or the queue was full) is logged and counted.
/// </summary>
internal sealed partial class AuditWriter(IAuditStore store, TimeProvider time, FunctionsMcpMetrics metrics, ILogger<AuditWriter> logger)
    : BackgroundService, IMcpRequestObserver
{
    private const int Capacity = 10_000;
    private const int BatchSize = 500;
    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private long _dropped;

    public void OnCompleted(McpRequestRecord record)
    {
        if (record.Principal is not { } principal)
            return;
        var entry = new AuditEntry(
            time.GetUtcNow(), principal.OrganizationId, principal.UserId, principal.Credential.ToString(), principal.CredentialId, principal.ClientId,
            record.Method, record.Tool, record.Outcome, record.Status, (int)record.Elapsed.TotalMilliseconds);
        if (!_queue.Writer.TryWrite(entry))
            Interlocked.Increment(ref _dropped);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEntry>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
                await DrainAsync(batch, CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: flush what is queued below.
        }

        _queue.Writer.TryComplete();
        await DrainAsync(batch, CancellationToken.None);
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
            {
                _queue.Writer.TryComplete();
                await DrainAsync(new List<AuditEntry>(BatchSize), CancellationToken.None);
            }
        }
    }

    private async Task DrainAsync(List<AuditEntry> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out AuditEntry? entry))
                batch.Add(entry);
            if (batch.Count == 0)
                return;
            foreach (AuditEntry lost in await WriteAsync(batch, cancellationToken))
            {
                LogEntryLost(logger, lost.OrganizationId, lost.CredentialId);
                metrics.AuditEntriesLost(1, FunctionsMcpMetrics.AuditFailures.Rejected);
            }

            long dropped = Interlocked.Exchange(ref _dropped, 0);
            if (dropped > 0)
            {
                LogDropped(logger, dropped);
                metrics.AuditEntriesLost(dropped, FunctionsMcpMetrics.AuditFailures.Dropped);
            }
        }
    }

    /// <summary>
    /// The batch, or if the store cannot take it at all, each entry alone: one bad entry costs only itself. Returns
    /// the entries the store reported it could not write.
    /// </summary>
    private async Task<IReadOnlyList<AuditEntry>> WriteAsync(List<AuditEntry> batch, CancellationToken cancellationToken)
    {
        try
        {
            return await store.WriteAsync(batch, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBatchFailed(logger, ex, batch.Count);
        }

        var lost = new List<AuditEntry>();
        foreach (AuditEntry entry in batch)
        {
            try
            {
                lost.AddRange(await store.WriteAsync([entry], cancellationToken));
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

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit queue was full: {Count} entries were dropped.")]
    private static partial void LogDropped(ILogger logger, long count);
}
