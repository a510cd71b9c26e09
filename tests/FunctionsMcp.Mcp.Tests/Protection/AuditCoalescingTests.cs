using System.Collections.Concurrent;
using Azure.Core;
using Azure.Data.Tables;
using FunctionsMcp.Mcp.Protection;
using FunctionsMcp.Mcp.Tests.Telemetry;
using FunctionsMcp.Mcp.Transport;
using FunctionsMcp.OAuth.Audit;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Telemetry;
using FunctionsMcp.Storage;
using FunctionsMcp.Storage.Audit;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunctionsMcp.Mcp.Tests.Protection;

/// <summary>
/// The audit writer collects entries and writes an organization's day together: a transaction per partition holds up
/// to 100 entries, not one. Against Azurite, with every transaction (<c>$batch</c> request) counted, and a clock whose
/// timers move only when the test advances it: no test waits for the flush interval to pass in real time.
/// </summary>
public sealed class AuditCoalescingTests(AzuriteFixture azurite) : IDisposable
{
    private readonly AuditClock _clock = new(DateTimeOffset.UtcNow);
    private readonly StorageRequests _requests = new();
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly CapturingLogger _log = new();
    private readonly string _organization = "t" + Guid.NewGuid().ToString("N")[..12];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private DateOnly Today => DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);

    public void Dispose() => _meters.Dispose();

    private TableAuditStore Store()
    {
        var options = new TableClientOptions();
        options.AddPolicy(_requests, HttpPipelinePosition.PerCall);
        return new TableAuditStore(new TableProvider(new TableServiceClient(azurite.ConnectionString, options)));
    }

    private AuditWriter Writer(IAuditStore store) =>
        new(store, _clock, new FunctionsMcpMetrics(_meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), _log);

    private static McpRequestRecord Request(string organization, string credential, string method = "tools/call") =>
        new(0) { Principal = new McpPrincipal(organization, "u", Role.Coordinator, [], CredentialKind.AccessKey, credential), Method = method, Outcome = "ok", Status = 200 };

    /// <summary>Waits (bounded) until <paramref name="done"/> holds; what it waits for is asserted after.</summary>
    private static async Task UntilAsync(Func<Task<bool>> done)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        while (!await done())
            await Task.Delay(20, deadline.Token);
    }

    private Task<IReadOnlyList<AuditEntry>> DayAsync(IAuditStore store) => store.ReadOrganizationDayAsync(_organization, Today, 1000, Cancel);

    [Fact]
    public async Task HundredEntriesOfOnePartition_ArrivingOneByOne_AreWrittenAtOnceAsOneTransactionPerTable_WithoutWaitingForTheInterval()
    {
        TableAuditStore store = Store();
        await store.ReadOrganizationDayAsync(_organization, Today, 1, Cancel);
        AuditWriter writer = Writer(store);
        await writer.StartAsync(Cancel);
        long before = _requests.Batches;

        for (int i = 0; i < AuditWriter.PartitionBatch; i++)
        {
            writer.OnCompleted(Request(_organization, "key-" + _organization));
            await Task.Yield();
        }

        // The clock never moves: only the partition filling up can write them.
        await UntilAsync(async () => (await DayAsync(store)).Count >= AuditWriter.PartitionBatch);
        await UntilAsync(() => Task.FromResult(_requests.Batches - before >= 2));
        await writer.StopAsync(Cancel);

        Assert.Equal(AuditWriter.PartitionBatch, (await DayAsync(store)).Count);
        Assert.Equal(AuditWriter.PartitionBatch, (await store.ReadCredentialAsync("key-" + _organization, 1000, Cancel)).Count);
        Assert.Equal(2, _requests.Batches - before);
    }

    [Fact]
    public async Task EntriesOfOnePartition_BecomeAtMostOneTransactionPer100PerTable_TheRestWrittenWhenTheIntervalEnds()
    {
        const int Entries = 250;
        TableAuditStore store = Store();
        await store.ReadOrganizationDayAsync(_organization, Today, 1, Cancel);
        AuditWriter writer = Writer(store);
        for (int i = 0; i < Entries; i++)
            writer.OnCompleted(Request(_organization, "key-" + _organization));
        long before = _requests.Batches;

        await writer.StartAsync(Cancel);
        // Two full partitions are written at once; the last 50 wait for the interval, whose timer is set once they do.
        await UntilAsync(() => Task.FromResult(_clock.Timers > 0));
        int early = (await DayAsync(store)).Count;
        long earlyBatches = _requests.Batches - before;
        _clock.Advance(AuditWriter.FlushInterval);
        await UntilAsync(async () => (await DayAsync(store)).Count >= Entries);
        await UntilAsync(() => Task.FromResult(_requests.Batches - before >= 6));
        await writer.StopAsync(Cancel);

        Assert.Equal((200, 4L), (early, earlyBatches));
        Assert.Equal(Entries, (await DayAsync(store)).Count);
        Assert.Equal(Entries, (await store.ReadCredentialAsync("key-" + _organization, 1000, Cancel)).Count);
        // ceil(250 / 100) transactions in each of the two tables.
        Assert.Equal(2 * 3, _requests.Batches - before);
    }

    [Fact]
    public async Task Stopping_WritesEveryEntryStillWaiting_BeforeTheIntervalEnds()
    {
        string other = "t" + Guid.NewGuid().ToString("N")[..12];
        TableAuditStore store = Store();
        AuditWriter writer = Writer(store);
        await writer.StartAsync(Cancel);

        for (int i = 0; i < 3; i++)
        {
            writer.OnCompleted(Request(_organization, "key-" + _organization, "m" + i));
            writer.OnCompleted(Request(other, "key-" + other, "m" + i));
        }

        await UntilAsync(() => Task.FromResult(_clock.Timers > 0));
        await writer.StopAsync(Cancel);

        Assert.Equal(3, (await DayAsync(store)).Count);
        Assert.Equal(3, (await store.ReadOrganizationDayAsync(other, Today, 10, Cancel)).Count);
    }

    [Fact]
    public async Task APartitionTheStoreCannotTake_CostsOnlyItsOwnEntries_EveryOtherPartitionIsWrittenWhole()
    {
        string healthy = _organization, failing = "t" + Guid.NewGuid().ToString("N")[..12], later = "t" + Guid.NewGuid().ToString("N")[..12];
        var store = new PoisonedStore(Store(), poison: "poison");
        AuditWriter writer = Writer(store);
        foreach ((string organization, string method) in new[] { (healthy, "a1"), (failing, "b1"), (later, "c1"), (failing, "poison"), (healthy, "a2"), (later, "c2"), (failing, "b2") })
            writer.OnCompleted(Request(organization, "key-" + organization, method));

        await writer.StartAsync(Cancel);
        await UntilAsync(() => Task.FromResult(_clock.Timers > 0));
        _clock.Advance(AuditWriter.FlushInterval);
        await UntilAsync(() => Task.FromResult(store.Written.Count >= 6));
        await writer.StopAsync(Cancel);

        Assert.Equal(["a1", "a2"], (await DayAsync(store)).Select(e => e.Method).Order());
        Assert.Equal(["c1", "c2"], (await store.ReadOrganizationDayAsync(later, Today, 10, Cancel)).Select(e => e.Method).Order());
        Assert.Equal(["b1", "b2"], (await store.ReadOrganizationDayAsync(failing, Today, 10, Cancel)).Select(e => e.Method).Order());
        // The healthy partitions went in one write each, never entry by entry: only the failing one paid for its failure.
        Assert.Contains(store.Calls, call => call.Order().SequenceEqual(["a1", "a2"]));
        Assert.Contains(store.Calls, call => call.Order().SequenceEqual(["c1", "c2"]));
        Assert.DoesNotContain(store.Calls, call => call.Count == 1 && call[0] is "a1" or "a2" or "c1" or "c2");
    }

    [Fact]
    public async Task AFullQueue_DropsTheNewest_CountsEachDrop_AndLogsOnceUntilTheNextWriteSaysHowMany()
    {
        using var metrics = new MetricCapture(_meters);
        AuditWriter writer = Writer(new DiscardingStore());
        for (int i = 0; i < AuditWriter.Capacity + 5; i++)
            writer.OnCompleted(Request(_organization, "key-" + _organization));

        IReadOnlyList<Measurement> dropped = metrics.Of("fmcp.audit.write_failures");
        string[] logged = [.. _log.Errors];
        await writer.StartAsync(Cancel);
        await writer.StopAsync(Cancel);

        Assert.Equal((5L, FunctionsMcpMetrics.AuditFailures.Dropped), (dropped.Sum(m => m.Value), dropped.Select(m => m["reason"]).Distinct().Single()));
        Assert.Equal(["The audit queue is full (10000 entries): new entries are dropped until the writer catches up."], logged);
        Assert.Equal("The audit queue was full: 5 entries were dropped.", _log.Errors[^1]);
    }

    /// <summary>The real store, except that a write including the poisoned method throws, as a failed transaction would.</summary>
    private sealed class PoisonedStore(IAuditStore inner, string poison) : AuditStoreStandIn(inner)
    {
        public ConcurrentQueue<AuditEntry> Written { get; } = new();

        public ConcurrentQueue<IReadOnlyList<string?>> Calls { get; } = new();

        public override async Task<IReadOnlyList<AuditEntry>> WriteAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
        {
            Calls.Enqueue([.. entries.Select(e => e.Method)]);
            if (entries.Any(e => e.Method == poison))
                throw new InvalidOperationException("The transaction failed.");
            IReadOnlyList<AuditEntry> lost = await Inner.WriteAsync(entries, cancellationToken);
            foreach (AuditEntry entry in entries.Except(lost))
                Written.Enqueue(entry);
            return lost;
        }
    }

    /// <summary>Takes writes without storing them: 10,000 entries need not reach Azurite to show what a full queue does.</summary>
    private sealed class DiscardingStore : AuditStoreStandIn
    {
        public override Task<IReadOnlyList<AuditEntry>> WriteAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<AuditEntry>>([]);
    }

    private sealed class CapturingLogger : ILogger<AuditWriter>
    {
        private readonly ConcurrentQueue<string> _errors = new();

        public IReadOnlyList<string> Errors => [.. _errors];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
                _errors.Enqueue(formatter(state, exception));
        }
    }
}
