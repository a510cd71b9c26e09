using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Benchmarks;

/// <summary>One platform comparison: Azurite, the caller's key, a counting proxy per side, then cold starts and warm rounds.</summary>
internal static class PlatformRun
{
    public static async Task<int> RunAsync(string root, string workFolder, PlatformSettings settings, CancellationToken cancellationToken)
    {
        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(new AzuriteOptions(root), Console.Error.WriteLine, cancellationToken);
        // Straight to Azurite, not through a proxy: seeding is not either side's work.
        string token = await BenchKey.CreateInStorageAsync(azurite.ConnectionString, cancellationToken);
        await using CountingProxy beforeStorage = await CountingProxy.StartAsync(azurite.TableEndpoint, cancellationToken);
        await using CountingProxy afterStorage = await CountingProxy.StartAsync(azurite.TableEndpoint, cancellationToken);
        var before = new PlatformSide("before", settings.BeforeDll, beforeStorage, workFolder);
        var after = new PlatformSide("after", settings.AfterDll, afterStorage, workFolder);

        Console.WriteLine($"before: {settings.BeforeDll}");
        Console.WriteLine($"after:  {settings.AfterDll}");
        Console.WriteLine($"one in-memory Azurite, {Environment.ProcessorCount} cores; tools/call whoami with an access key");

        using var probes = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(60) };
        var beforeCold = new List<ColdStart>();
        var afterCold = new List<ColdStart>();
        for (int i = 0; i < settings.ColdStarts; i++)
        {
            beforeCold.Add(await before.MeasureColdStartAsync(probes, token, cancellationToken));
            afterCold.Add(await after.MeasureColdStartAsync(probes, token, cancellationToken));
        }

        PlatformReport.PrintColdStarts(beforeCold, afterCold);

        (LoadResult beforeWarm, double beforeStoragePerCall, LoadResult afterWarm, double afterStoragePerCall) =
            await RunWarmAsync(before, after, probes, token, settings, cancellationToken);
        PlatformReport.PrintWarm(settings, beforeWarm, beforeStoragePerCall, afterWarm, afterStoragePerCall);
        return beforeWarm.Failures + afterWarm.Failures == 0 ? 0 : 1;
    }

    private static async Task<(LoadResult Before, double BeforeStorage, LoadResult After, double AfterStorage)> RunWarmAsync(
        PlatformSide before, PlatformSide after, HttpClient probes, string token, PlatformSettings settings, CancellationToken cancellationToken)
    {
        await using AppProcess beforeApp = before.Start();
        await using AppProcess afterApp = after.Start();
        await before.WaitForFirstCallAsync(beforeApp, probes, token, cancellationToken);
        await after.WaitForFirstCallAsync(afterApp, probes, token, cancellationToken);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency * 2 });
        await LoadRun.RunAsync("warm-up", http, beforeApp.McpUrl, token, 300, settings.Concurrency, cancellationToken);
        await LoadRun.RunAsync("warm-up", http, afterApp.McpUrl, token, 300, settings.Concurrency, cancellationToken);
        await SettleAsync(before.Storage, after.Storage, cancellationToken);
        (long beforeStart, long afterStart) = (before.Storage.Requests, after.Storage.Requests);

        var beforeRuns = new List<LoadResult>();
        var afterRuns = new List<LoadResult>();
        for (int round = 0; round < settings.Rounds; round++)
        {
            // Odd rounds go after-then-before (ABBA), since the side measured second came out faster whichever build it
            // was; each run also starts with both apps idle, so no side shares the cores with the other's queued writes.
            var order = new[] { (before, beforeApp, beforeRuns), (after, afterApp, afterRuns) };
            foreach ((PlatformSide side, AppProcess app, List<LoadResult> runs) in round % 2 == 0 ? order : Enumerable.Reverse(order))
            {
                await SettleAsync(before.Storage, after.Storage, cancellationToken);
                runs.Add(await LoadRun.RunAsync(side.Name, http, app.McpUrl, token, settings.Calls, settings.Concurrency, cancellationToken));
            }
        }

        await SettleAsync(before.Storage, after.Storage, cancellationToken);
        double calls = settings.Calls * (double)settings.Rounds;
        return (LoadResult.Merge(before.Name, beforeRuns), (before.Storage.Requests - beforeStart) / calls,
                LoadResult.Merge(after.Name, afterRuns), (after.Storage.Requests - afterStart) / calls);
    }

    private static Task SettleAsync(CountingProxy first, CountingProxy second, CancellationToken cancellationToken) =>
        CountingProxy.SettleAsync([first, second], cancellationToken);
}
