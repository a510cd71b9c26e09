using System.Diagnostics;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// One cold start: process start to the first HTTP answer (<c>GET /</c>, which touches no storage) and to the first
/// successful call; the storage requests made by each point; the resident memory after a short warm-up; and what the
/// server wrote meanwhile, each line with its arrival time.
/// </summary>
internal sealed record ColdRun(
    double HttpMs, double CallMs, StorageCounts StorageToHttp, StorageCounts StorageToCall, double RssAfterWarmUpMiB,
    IReadOnlyList<TimedLine> Lines, IReadOnlyList<(double Milliseconds, StorageKind Kind)> StorageRequests);

/// <summary>
/// The cold-start half of the <c>calls</c> mode: each server started <c>--cold</c> times, interleaved (the order rotating
/// each time, so no server always follows the same one), after one start per server that is not counted: it loads
/// the demo data the local run then finds present, writes the signing key file, and warms the disk cache.
/// </summary>
internal static class ColdStartRun
{
    private const int WarmUpCalls = 100;

    public static async Task<IReadOnlyList<(CallsSide Side, ColdRun First, IReadOnlyList<ColdRun> Runs)>> RunAsync(
        IReadOnlyList<CallsSide> sides, int starts, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2), PooledConnectionLifetime = TimeSpan.Zero })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        var first = new List<ColdRun>();
        foreach (CallsSide side in sides)
            first.Add(await MeasureAsync(side, http, cancellationToken));

        List<ColdRun>[] runs = [.. sides.Select(_ => new List<ColdRun>())];
        for (int i = 0; i < starts; i++)
        {
            for (int j = 0; j < sides.Count; j++)
            {
                int k = (i + j) % sides.Count;
                runs[k].Add(await MeasureAsync(sides[k], http, cancellationToken));
            }
        }

        return [.. sides.Select((side, k) => (side, first[k], (IReadOnlyList<ColdRun>)runs[k]))];
    }

    private static async Task<ColdRun> MeasureAsync(CallsSide side, HttpClient http, CancellationToken cancellationToken)
    {
        if (side.Storage is { } proxy)
            await CountingProxy.SettleAsync([proxy], cancellationToken);
        StorageCounts before = side.StorageNow;
        long started = Stopwatch.GetTimestamp();
        await using AppProcess app = side.Start();
        await side.WaitForHttpAsync(app, http, cancellationToken);
        double httpMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        StorageCounts toHttp = side.StorageNow.Minus(before);
        await side.WaitForFirstCallAsync(app, http, cancellationToken);
        double callMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        StorageCounts toCall = side.StorageNow.Minus(before);
        (double, StorageKind)[] requests = [.. (side.Storage?.Tally.Since(started) ?? [])
            .Select(r => (Stopwatch.GetElapsedTime(started, r.Timestamp).TotalMilliseconds, r.Kind))
            .Where(r => r.Item1 <= callMs)];

        using var warm = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 });
        LoadResult warmUp = await LoadRun.RunAsync("warm-up", warm, () => side.Call(app), WarmUpCalls, 4, cancellationToken);
        if (warmUp.Failures > 0)
            throw new InvalidOperationException($"{warmUp.Failures} of the {side.Name} server's warm-up calls failed. It said:{Environment.NewLine}{app.LastOutput}");
        return new ColdRun(httpMs, callMs, toHttp, toCall, MachineInfo.ResidentMiB(app.Id), app.TimedLines, requests);
    }
}
