namespace FunctionsMcp.Benchmarks;

/// <summary>The cold-start table, our/bare ratios against the goal, and our host's start-up as its own log tells it.</summary>
internal static partial class ColdStartReport
{
    private const int TimelineLines = 60;

    public static void Print(IReadOnlyList<(CallsSide Side, ColdRun First, IReadOnlyList<ColdRun> Runs)> results, string bareName)
    {
        Console.WriteLine();
        Console.WriteLine($"cold start: process start (dotnet <dll>) to the first HTTP answer (GET /) and to the first successful call, {results[0].Runs.Count} starts per server, interleaved; medians");
        Console.WriteLine($"| {"server",-22} | {"first start ms",14} | {"to HTTP ms",10} | {"to call ms",10} | {"call min–max ms",15} | {"storage to HTTP/call",20} | {"RSS MiB warm",12} |");
        Console.WriteLine($"|{new string('-', 24)}|{new string('-', 16)}|{new string('-', 12)}|{new string('-', 12)}|{new string('-', 17)}|{new string('-', 22)}|{new string('-', 14)}|");
        foreach ((CallsSide side, ColdRun first, IReadOnlyList<ColdRun> runs) in results)
        {
            double[] call = [.. runs.Select(r => r.CallMs)];
            Console.WriteLine(CallsReport.Invariant(
                $"| {side.Name,-22} | {first.CallMs,14:F0} | {Median(runs, r => r.HttpMs),10:F0} | {Median(call),10:F0} | {$"{call.Min():F0}–{call.Max():F0}",15} | {$"{Median(runs, r => r.StorageToHttp.Requests):F0} / {Median(runs, r => r.StorageToCall.Requests):F0}",20} | {Median(runs, r => r.RssAfterWarmUpMiB),12:F0} |"));
        }

        double bare = Median(results.Single(r => r.Side.Name == bareName).Runs, r => r.CallMs);
        Console.WriteLine($"our/bare, median process start to first call (goal ≤ 1.5):");
        foreach ((CallsSide side, _, IReadOnlyList<ColdRun> runs) in results.Where(r => r.Side.Name.StartsWith("our", StringComparison.Ordinal)))
        {
            double ratio = Median(runs, r => r.CallMs) / bare;
            Console.WriteLine(CallsReport.Invariant($"  {side.Name,-22} x{ratio:F2}  {(ratio <= 1.5 ? "PASS" : "MISS")}"));
        }

        foreach ((CallsSide side, ColdRun first, IReadOnlyList<ColdRun> runs) in results.Where(r => r.Side.Storage is not null))
        {
            Console.WriteLine();
            Console.WriteLine($"{side.Name}: storage requests before the first HTTP answer: {Describe(runs[^1].StorageToHttp)}");
            Console.WriteLine($"{side.Name}: storage requests before the first call answered: {Describe(runs[^1].StorageToCall)}");
            if (first.StorageToCall.Requests != runs[^1].StorageToCall.Requests)
                Console.WriteLine($"{side.Name}: on its first (uncounted) start: {Describe(first.StorageToCall)}");
        }

        foreach ((CallsSide side, _, IReadOnlyList<ColdRun> runs) in results)
        {
            ColdRun last = runs[^1];
            Console.WriteLine();
            Console.WriteLine(CallsReport.Invariant(
                $"{side.Name}, its last start to the first call (ms since process start; its output, and its storage requests with runs of one kind collapsed; HTTP answered at {last.HttpMs:F0}, first call at {last.CallMs:F0}):"));
            foreach ((double ms, string text) in Timeline(last).Take(TimelineLines))
                Console.WriteLine(CallsReport.Invariant($"  +{ms,6:F0}  {Shorten(text)}"));
        }
    }

    /// <summary>The server's output lines up to its first call, interleaved with its storage requests (consecutive ones of a kind as one line).</summary>
    private static IEnumerable<(double Milliseconds, string Text)> Timeline(ColdRun run)
    {
        var storage = new List<(double, string)>();
        for (int i = 0; i < run.StorageRequests.Count;)
        {
            int j = i;
            while (j + 1 < run.StorageRequests.Count && run.StorageRequests[j + 1].Kind == run.StorageRequests[i].Kind)
                j++;
            storage.Add((run.StorageRequests[i].Milliseconds, j == i
                ? $"storage: {run.StorageRequests[i].Kind}"
                : CallsReport.Invariant($"storage: {j - i + 1} x {run.StorageRequests[i].Kind}, the last at +{run.StorageRequests[j].Milliseconds:F0}")));
            i = j + 1;
        }

        return run.Lines
            .Where(l => !string.IsNullOrWhiteSpace(l.Text) && l.Milliseconds <= run.CallMs)
            .Select(l => (l.Milliseconds, l.Text.Trim()))
            .Concat(storage)
            .OrderBy(e => e.Item1);
    }

    private static string Describe(StorageCounts counts) => counts.Requests == 0 ? "none" : $"{counts.Requests} ({counts.Describe(1)})";

    // The local run's banner prints its demo key: a credential (if only for this Azurite), so never repeated.
    private static string Shorten(string text)
    {
        string shown = AccessKey().Replace(text, "fmcp_…");
        return shown.Length <= 150 ? shown : shown[..147] + "...";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"fmcp_[A-Za-z0-9_\-]+")]
    private static partial System.Text.RegularExpressions.Regex AccessKey();

    private static double Median<T>(IReadOnlyList<T> runs, Func<T, double> value) => Median([.. runs.Select(value)]);

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
