using System.Globalization;

namespace FunctionsMcp.Benchmarks;

/// <summary>The warm half's tables: per side and concurrency, then our/bare ratios against the issue's goals, PASS or MISS.</summary>
internal static class CallsReport
{
    public static void PrintWarm(CallsSettings settings, IReadOnlyList<(int Concurrency, SideRun Our, SideRun Bare)> results)
    {
        Console.WriteLine();
        Console.WriteLine($"warm: tools/call get_participant, {settings.Rounds} interleaved rounds of {settings.Requests} calls per side at each concurrency (first side alternating)");
        Console.WriteLine($"| {"side",-5} | {"conc.",5} | {"calls",7} | {"req/s",7} | {"p50 ms",7} | {"p95 ms",7} | {"p99 ms",7} | {"failed",6} | {"storage/call",12} | {"RSS MiB warm → end",18} | {"answer B",8} |");
        Console.WriteLine($"|{new string('-', 7)}|{new string('-', 7)}|{new string('-', 9)}|{new string('-', 9)}|{new string('-', 9)}|{new string('-', 9)}|{new string('-', 9)}|{new string('-', 8)}|{new string('-', 14)}|{new string('-', 20)}|{new string('-', 10)}|");
        foreach ((int concurrency, SideRun our, SideRun bare) in results)
        {
            foreach (SideRun side in new[] { our, bare })
            {
                LoadResult r = side.Load;
                Console.WriteLine(Invariant(
                    $"| {r.Name,-5} | {concurrency,5} | {r.Requests,7} | {r.Throughput,7:F0} | {r.Percentile(50),7:F2} | {r.Percentile(95),7:F2} | {r.Percentile(99),7:F2} | {r.Failures,6} | {side.Storage.Requests / (double)r.Requests,12:F2} | {$"{side.RssAfterWarmUpMiB:F0} → {side.RssAfterMiB:F0}",18} | {side.ResponseBytes,8} |"));
            }
        }

        foreach ((int concurrency, SideRun our, SideRun bare) in results)
        {
            double calls = our.Load.Requests;
            // Every call's own requests: the kinds made about once a call or more. The rest is shared among calls: rate-limit
            // blocks, coalesced audit transactions, the identity cache's refreshes, the keys' once-a-minute last-used writes.
            StorageCounts every = Where(our.Storage, kind => kind.Value.Requests / calls >= 0.5);
            StorageCounts amortized = Where(our.Storage, kind => kind.Value.Requests / calls < 0.5);
            double everyPerCall = every.Requests / calls, amortizedPerCall = amortized.Requests / calls;
            Console.WriteLine();
            Console.WriteLine($"concurrency {concurrency}, storage requests per call by kind (a transaction is one request):");
            Console.WriteLine(Invariant($"  our, made by every call               {everyPerCall:F2}: {every.Describe(calls)}"));
            Console.WriteLine(Invariant($"  our, shared among calls (amortized)   {amortizedPerCall:F3}: {(amortized.Requests == 0 ? "none" : amortized.Describe(calls))}"));
            Console.WriteLine(Invariant($"  bare                                  {bare.Storage.Requests / (double)bare.Load.Requests:F2}: {bare.Storage.Describe(bare.Load.Requests)}"));
            Console.WriteLine($"concurrency {concurrency}, our/bare:");
            Goal("throughput", our.Load.Throughput / bare.Load.Throughput, "≥ 0.8", our.Load.Throughput / bare.Load.Throughput >= 0.8);
            Goal("p99 latency", our.Load.Percentile(99) / bare.Load.Percentile(99), "≤ 1.5", our.Load.Percentile(99) / bare.Load.Percentile(99) <= 1.5);
            Goal("RSS after the run", our.RssAfterMiB / bare.RssAfterMiB, "≤ 1.5", our.RssAfterMiB / bare.RssAfterMiB <= 1.5);
            Console.WriteLine(Invariant(
                $"  {"storage per call",-18} {everyPerCall:F2} every call + {amortizedPerCall:F3} amortized (goal: every call ≤ 2, amortized < 1)  {(everyPerCall <= 2 && amortizedPerCall < 1 ? "PASS" : "MISS")}"));
        }
    }

    private static StorageCounts Where(StorageCounts counts, Func<KeyValuePair<StorageKind, (long Requests, long Operations)>, bool> keep) =>
        new(counts.ByKind.Where(keep).ToDictionary(p => p.Key, p => p.Value));

    private static void Goal(string what, double ratio, string goal, bool met) =>
        Console.WriteLine(Invariant($"  {what,-18} x{ratio:F2} (goal {goal})  {(met ? "PASS" : "MISS")}"));

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
