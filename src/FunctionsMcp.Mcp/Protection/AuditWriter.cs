using System.Threading.Channels;
using FunctionsMcp.Mcp.Transport;
using FunctionsMcp.OAuth.Audit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunctionsMcp.Mcp.Protection;

/// <summary>
/// Writes an audit entry for every authenticated <c>/mcp</c> request without holding up its response: entries go
/// into a bounded queue that a background loop drains in batches (one transaction per partition). When the app
/// stops, the queue is flushed. Unauthenticated requests belong to no organization and are not audited.
/// </summary>
internal sealed partial class AuditWriter(IAuditStore store, TimeProvider time, ILogger<AuditWriter> logger) : BackgroundService, IMcpRequestObserver
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

    private async Task DrainAsync(List<AuditEntry> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out AuditEntry? entry))
                batch.Add(entry);
            if (batch.Count == 0)
                return;
            try
            {
                await store.WriteAsync(batch, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogWriteFailed(logger, ex, batch.Count);
            }

            long dropped = Interlocked.Exchange(ref _dropped, 0);
            if (dropped > 0)
                LogDropped(logger, dropped);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Count} audit entries.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit queue was full: {Count} entries were dropped.")]
    private static partial void LogDropped(ILogger logger, long count);
}
