using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using FunctionsMcp.LocalDev;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;
using FunctionsMcp.Storage;
using FunctionsMcp.Storage.Ndis;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// Participant list latency at 1,000 and at 100,000 participants in one organization, side by side on one Azurite:
/// the first page, a name search, a plan-end filter and the page after a cursor. If a list's cost grows with the
/// page and not with the table, the ratios stay near 1.
/// </summary>
internal static class ParticipantListBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int small = Benchmark.ArgumentValue(args, "--small", 1_000);
        int large = Benchmark.ArgumentValue(args, "--large", 100_000);
        int iterations = Benchmark.ArgumentValue(args, "--iterations", 200);

        string root = Repository.GetRoot(AppContext.BaseDirectory);
        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(new AzuriteOptions(root), Console.Error.WriteLine);
        var counter = new StorageCounter();
        var clientOptions = new TableClientOptions();
        clientOptions.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerCall);
        var store = new TableParticipantStore(new TableProvider(new TableServiceClient(azurite.ConnectionString, clientOptions)));
        DateOnly today = new(2026, 11, 22);

        Console.WriteLine($"participant lists on one in-memory Azurite, {Environment.ProcessorCount} cores; {iterations} calls per query");
        await LoadAsync(store, "small", small, today);
        await LoadAsync(store, "large", large, today);

        (string Name, ParticipantQuery Query)[] queries =
        [
            ("first page (25)", new ParticipantQuery(null, ParticipantStatusFilter.Active, null, 25, null)),
            ("search 'ngu'", new ParticipantQuery("ngu", ParticipantStatusFilter.Active, null, 25, null)),
            ("plan ends before +60 days", new ParticipantQuery(null, ParticipantStatusFilter.Active, today.AddDays(60), 25, null)),
            ("search by NDIS number", new ParticipantQuery(DemoParticipants.For("small", 1, today)[0].NdisNumber, ParticipantStatusFilter.All, null, 25, null)),
        ];

        Console.WriteLine();
        Console.WriteLine($"| {"query",-26} | {"p50 @" + small,12} | {"p95 @" + small,12} | {"p50 @" + large,14} | {"p95 @" + large,14} | {"p50 ratio",9} | {"requests/entities per call",27} |");
        Console.WriteLine($"|{new string('-', 28)}|{new string('-', 14)}|{new string('-', 14)}|{new string('-', 16)}|{new string('-', 16)}|{new string('-', 11)}|{new string('-', 29)}|");
        foreach ((string name, ParticipantQuery query) in queries)
        {
            ParticipantQuery forLarge = query.Search is { } s && ParticipantRules.IsNdisNumber(s)
                ? query with { Search = DemoParticipants.For("large", 1, today)[0].NdisNumber }
                : query;
            (long r0, long e0) = counter.Read();
            double[] a = await MeasureAsync(store, "small", query, iterations);
            (long r1, long e1) = counter.Read();
            double[] b = await MeasureAsync(store, "large", forLarge, iterations);
            (long r2, long e2) = counter.Read();
            int calls = iterations + 1;
            string work = string.Create(CultureInfo.InvariantCulture, $"{(r1 - r0) / (double)calls:F1}/{(e1 - e0) / (double)calls:F0} vs {(r2 - r1) / (double)calls:F1}/{(e2 - e1) / (double)calls:F0}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name,-26} | {P(a, 50),9:F2} ms | {P(a, 95),9:F2} ms | {P(b, 50),11:F2} ms | {P(b, 95),11:F2} ms | {P(b, 50) / P(a, 50),8:F2}x | {work,27} |"));
        }

        return 0;
    }

    private static async Task LoadAsync(TableParticipantStore store, string organization, int count, DateOnly today)
    {
        IReadOnlyList<Participant> people = DemoParticipants.For(organization, count, today);
        var clock = Stopwatch.StartNew();
        int next = -1, failed = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < people.Count)
            {
                if (!(await store.AddAsync(organization, people[i], CancellationToken.None)).Succeeded)
                    Interlocked.Increment(ref failed);
            }
        })));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded {count - failed} participants into '{organization}' in {clock.Elapsed.TotalSeconds:F0} s ({(count - failed) / clock.Elapsed.TotalSeconds:F0}/s, {failed} refused as duplicates)"));
    }

    private static async Task<double[]> MeasureAsync(TableParticipantStore store, string organization, ParticipantQuery query, int iterations)
    {
        RecordOutcome<RecordPage<ParticipantSummary>> first = await store.ListAsync(organization, query, CancellationToken.None);
        if (!first.Succeeded || first.Value!.Items.Count == 0)
            throw new InvalidOperationException($"The query returned nothing to measure: {first.Message}");
        var latencies = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await store.ListAsync(organization, query, CancellationToken.None);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return latencies;
    }

    private static double P(double[] values, double percentile)
    {
        double[] sorted = [.. values.Order()];
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
