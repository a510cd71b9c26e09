namespace FunctionsMcp.Benchmarks;

/// <summary>One side's warm figures at one concurrency: its latencies, its storage work over those calls, and its memory.</summary>
internal sealed record SideRun(LoadResult Load, StorageCounts Storage, double RssAfterWarmUpMiB, double RssAfterMiB, int ResponseBytes);

/// <summary>
/// The warm half of the <c>calls</c> mode: our server and the bare endpoint as processes side by side, warmed up, then
/// at each concurrency interleaved rounds, the first side alternating (ABBA: the side measured second has come out
/// faster whichever it was). Each run starts after both sides' storage has gone quiet, so work a call leaves for
/// later (a queued audit entry) is counted against that side's calls.
/// </summary>
internal static class CallsLoad
{
    // Long enough for a background writer that flushes every second to have flushed.
    private static readonly TimeSpan s_quiet = TimeSpan.FromMilliseconds(1500);

    public static async Task<IReadOnlyList<(int Concurrency, SideRun Our, SideRun Bare)>> RunAsync(
        CallsSide our, CallsSide bare, CallsSettings settings, CancellationToken cancellationToken)
    {
        using var probes = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(60) };
        await using AppProcess ourApp = our.Start();
        await using AppProcess bareApp = bare.Start();
        await our.WaitForFirstCallAsync(ourApp, probes, cancellationToken);
        await bare.WaitForFirstCallAsync(bareApp, probes, cancellationToken);
        int ourBytes = await ResponseBytesAsync(probes, our.Call(ourApp), cancellationToken);
        int bareBytes = await ResponseBytesAsync(probes, bare.Call(bareApp), cancellationToken);

        CountingProxy[] proxies = [our.Storage!, bare.Storage!];
        var results = new List<(int, SideRun, SideRun)>();
        foreach (int concurrency in settings.Concurrencies)
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 });
            var sides = new[] { (Side: our, App: ourApp, Runs: new List<LoadResult>()), (Side: bare, App: bareApp, Runs: new List<LoadResult>()) };
            foreach ((CallsSide side, AppProcess app, _) in sides)
                await LoadRun.RunAsync("warm-up", http, () => side.Call(app), Math.Min(500, settings.Requests), concurrency, cancellationToken);
            await CountingProxy.SettleAsync(proxies, cancellationToken, s_quiet);
            double ourWarm = MachineInfo.ResidentMiB(ourApp.Id), bareWarm = MachineInfo.ResidentMiB(bareApp.Id);
            StorageCounts ourStart = our.StorageNow, bareStart = bare.StorageNow;

            for (int round = 0; round < settings.Rounds; round++)
            {
                foreach ((CallsSide side, AppProcess app, List<LoadResult> runs) in round % 2 == 0 ? sides : Enumerable.Reverse(sides))
                {
                    await CountingProxy.SettleAsync(proxies, cancellationToken, s_quiet);
                    runs.Add(await LoadRun.RunAsync(side.Name, http, () => side.Call(app), settings.Requests, concurrency, cancellationToken));
                }
            }

            await CountingProxy.SettleAsync(proxies, cancellationToken, s_quiet);
            results.Add((concurrency,
                new SideRun(LoadResult.Merge(our.Name, sides[0].Runs), our.StorageNow.Minus(ourStart), ourWarm, MachineInfo.ResidentMiB(ourApp.Id), ourBytes),
                new SideRun(LoadResult.Merge(bare.Name, sides[1].Runs), bare.StorageNow.Minus(bareStart), bareWarm, MachineInfo.ResidentMiB(bareApp.Id), bareBytes)));
        }

        return results;
    }

    private static async Task<int> ResponseBytesAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
            return (await response.Content.ReadAsByteArrayAsync(cancellationToken)).Length;
        }
    }
}
