using System.Globalization;

namespace FunctionsMcp.Benchmarks;

/// <summary>The platform comparison's tables, in the existing benchmark's Markdown shape, with after/before ratios.</summary>
internal static class PlatformReport
{
    public static void PrintColdStarts(IReadOnlyList<ColdStart> before, IReadOnlyList<ColdStart> after)
    {
        Console.WriteLine();
        Console.WriteLine($"cold start: process start to the first successful tools/call, {before.Count} per side, alternating");
        Console.WriteLine($"| {"side",-6} | {"min ms",8} | {"median ms",9} | {"max ms",8} | {"storage requests to first call",31} |");
        Console.WriteLine($"|{new string('-', 8)}|{new string('-', 10)}|{new string('-', 11)}|{new string('-', 10)}|{new string('-', 33)}|");
        foreach ((string name, IReadOnlyList<ColdStart> runs) in new[] { ("before", before), ("after", after) })
        {
            double[] ms = [.. runs.Select(r => r.Milliseconds)];
            Console.WriteLine(Invariant(
                $"| {name,-6} | {ms.Min(),8:F0} | {Median(ms),9:F0} | {ms.Max(),8:F0} | {Median([.. runs.Select(r => (double)r.StorageRequests)]),31:F0} |"));
        }

        Console.WriteLine(Invariant($"ratio after/before: median cold start x{Median([.. after.Select(r => r.Milliseconds)]) / Median([.. before.Select(r => r.Milliseconds)]):F2}"));
    }

    public static void PrintWarm(PlatformSettings settings, LoadResult before, double beforeStoragePerCall, LoadResult after, double afterStoragePerCall)
    {
        Console.WriteLine();
        Console.WriteLine($"warm: {settings.Rounds} alternating rounds of {settings.Calls} tools/calls per side, {settings.Concurrency} at a time");
        Console.WriteLine($"| {"side",-6} | {"requests",8} | {"req/s",8} | {"p50 ms",7} | {"p95 ms",7} | {"p99 ms",7} | {"failed",6} | {"storage req/call",16} |");
        Console.WriteLine($"|{new string('-', 8)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 9)}|{new string('-', 9)}|{new string('-', 9)}|{new string('-', 8)}|{new string('-', 18)}|");
        foreach ((LoadResult r, double storage) in new[] { (before, beforeStoragePerCall), (after, afterStoragePerCall) })
        {
            Console.WriteLine(Invariant(
                $"| {r.Name,-6} | {r.Requests,8} | {r.Throughput,8:F0} | {r.Percentile(50),7:F2} | {r.Percentile(95),7:F2} | {r.Percentile(99),7:F2} | {r.Failures,6} | {storage,16:F2} |"));
        }

        Console.WriteLine(Invariant(
            $"ratio after/before: p50 latency x{after.Percentile(50) / before.Percentile(50):F2}, p99 latency x{after.Percentile(99) / before.Percentile(99):F2}, throughput x{after.Throughput / before.Throughput:F2}"));
    }

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
