using System.Globalization;
using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Benchmarks;

/// <summary>The cost of authentication + rate limiting + audit on /mcp: the same trivial tool (whoami) through the full
/// pipeline and with those layers off, two app instances side by side on one Azurite, measured in alternating rounds.</summary>
internal static class Benchmark
{
    public static async Task<int> Main(string[] args)
    {
        // The floors the calls mode starts as processes: first, since their arguments are the servers' own.
        if (args.FirstOrDefault() == BareServer.Mode)
            return await BareServer.RunAsync(args);
        if (args.FirstOrDefault() == HelloServer.Mode)
            return await HelloServer.RunAsync(args);
        if (args.Contains("calls") || args.Contains("cold-start"))
            return await CallsBenchmark.RunAsync(args);
        if (args.Contains("participants"))
            return await ParticipantListBenchmark.RunAsync(args);
        if (args.Contains("platform"))
            return await PlatformBenchmark.RunAsync(args);
        if (args.Contains("cli"))
            return await CliBenchmark.RunAsync(args);
        if (args.Contains("tools-list"))
            return await ToolListSizeBenchmark.RunAsync(args);

        int requests = ArgumentValue(args, "--requests", 2000);
        int concurrency = ArgumentValue(args, "--concurrency", 8);
        int rounds = ArgumentValue(args, "--rounds", 3);

        string root = Repository.GetRoot(AppContext.BaseDirectory);
        // WebApplicationFactory finds the Host's content root through this setting outside test projects.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FUNCTIONSMCP_HOST", Path.Combine(root, "src", "FunctionsMcp.Host"));
        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(new AzuriteOptions(root), Console.Error.WriteLine);
        await using BenchServer full = BenchServer.Start(azurite.ConnectionString, protectedLayers: true);
        await using BenchServer bare = BenchServer.Start(azurite.ConnectionString, protectedLayers: false);

        string token = await BenchKey.CreateAsync(full.Services, CancellationToken.None);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 });
        Console.WriteLine($"whoami over loopback HTTP: {requests} requests x {rounds} rounds per variant, {concurrency} at a time, Azurite in memory, {Environment.ProcessorCount} cores");
        await LoadRun.RunAsync("warm-up", http, full.McpUrl, token, 300, concurrency);
        await LoadRun.RunAsync("warm-up", http, bare.McpUrl, "any", 300, concurrency);

        var fullRuns = new List<LoadResult>();
        var bareRuns = new List<LoadResult>();
        for (int round = 0; round < rounds; round++)
        {
            fullRuns.Add(await LoadRun.RunAsync("full", http, full.McpUrl, token, requests, concurrency));
            bareRuns.Add(await LoadRun.RunAsync("bare", http, bare.McpUrl, "any", requests, concurrency));
        }

        LoadResult f = LoadResult.Merge("auth + rate limit + audit", fullRuns);
        LoadResult b = LoadResult.Merge("layers off (baseline)", bareRuns);
        Console.WriteLine();
        Console.WriteLine($"| {"variant",-26} | {"requests",8} | {"req/s",8} | {"p50 ms",7} | {"p95 ms",7} | {"p99 ms",7} | {"failed",6} |");
        Console.WriteLine($"|{new string('-', 28)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 9)}|{new string('-', 9)}|{new string('-', 9)}|{new string('-', 8)}|");
        foreach (LoadResult r in new[] { f, b })
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Name,-26} | {r.Requests,8} | {r.Throughput,8:F0} | {r.Percentile(50),7:F2} | {r.Percentile(95),7:F2} | {r.Percentile(99),7:F2} | {r.Failures,6} |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio full/baseline: p50 latency x{f.Percentile(50) / b.Percentile(50):F2}, p95 latency x{f.Percentile(95) / b.Percentile(95):F2}, throughput x{f.Throughput / b.Throughput:F2}"));
        return f.Failures + b.Failures == 0 ? 0 : 1;
    }

    internal static int ArgumentValue(string[] args, string name, int fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    internal static string? ArgumentText(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
