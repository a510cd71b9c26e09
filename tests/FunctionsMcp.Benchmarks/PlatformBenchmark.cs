using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// The platform change side by side: two builds of the app (before and after) as separate processes on one Azurite,
/// each behind its own counting storage proxy. Measures cold start (process start to the first successful
/// <c>tools/call</c>, alternating sides) and warm <c>whoami</c> load in alternating rounds, and prints after/before ratios.
/// </summary>
internal static class PlatformBenchmark
{
    private const string AfterDefault = "src/FunctionsMcp.Host/bin/Release/net10.0/FunctionsMcp.Host.dll";

    public static async Task<int> RunAsync(string[] args)
    {
        string root = Repository.GetRoot(AppContext.BaseDirectory);
        string? before = Benchmark.ArgumentText(args, "--before");
        string after = Benchmark.ArgumentText(args, "--after") ?? Path.Combine(root, AfterDefault);
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Help);
            return 0;
        }

        if (before is null)
        {
            Console.Error.WriteLine("--before <app.dll> is required: the build to compare against." + Environment.NewLine);
            Console.Error.WriteLine(Help);
            return 2;
        }

        foreach ((string side, string dll) in new[] { ("--before", before), ("--after", after) })
        {
            if (!File.Exists(dll))
            {
                Console.Error.WriteLine($"The {side} app {dll} does not exist. Build it first: " + (side == "--after"
                    ? "dotnet build -c Release src/FunctionsMcp.Host"
                    : "git worktree add /tmp/fmcp-before 9722bff && dotnet build -c Release /tmp/fmcp-before/src/FunctionsMcp.Host"));
                return 2;
            }
        }

        var settings = new PlatformSettings(
            Path.GetFullPath(before), Path.GetFullPath(after),
            Benchmark.ArgumentValue(args, "--cold", 5), Benchmark.ArgumentValue(args, "--calls", 2000),
            Benchmark.ArgumentValue(args, "--concurrency", 8), Benchmark.ArgumentValue(args, "--rounds", 4));

        using var stop = new StopSignals();
        string workFolder = Directory.CreateTempSubdirectory("fmcp-platform-").FullName;
        try
        {
            return await PlatformRun.RunAsync(root, workFolder, settings, stop.Token);
        }
        catch (OperationCanceledException) when (stop.Requested)
        {
            Console.Error.WriteLine("Stopped; the apps and Azurite were shut down.");
            return 130;
        }
        finally
        {
            Directory.Delete(workFolder, recursive: true);
        }
    }

    private static string Help => $"""
        dotnet run -c Release --project tests/FunctionsMcp.Benchmarks -- platform --before <app.dll> [--after <app.dll>]
            [--cold 5] [--calls 2000] [--concurrency 8] [--rounds 4]

        Runs two builds of the app as separate processes (dotnet <app.dll> --urls http://127.0.0.1:<port>, Production
        environment) on one in-memory Azurite, each behind its own counting proxy, and compares them:
          cold start  --cold starts per side, alternating: process start to the first successful tools/call (whoami)
          warm        --rounds rounds of --calls tools/calls at --concurrency per side, in the order before-after,
                      after-before, ... (keep it even), with storage requests per call
        Exits non-zero if any call failed.

          --before   the app DLL before the change. Build one from the baseline commit (9722bff):
                       git worktree add /tmp/fmcp-before 9722bff && dotnet build -c Release /tmp/fmcp-before/src/FunctionsMcp.Host
                       --before /tmp/fmcp-before/{AfterDefault}
          --after    the app DLL after the change (default: this repository's {AfterDefault};
                     build it with dotnet build -c Release src/FunctionsMcp.Host)
        """;
}

internal sealed record PlatformSettings(string BeforeDll, string AfterDll, int ColdStarts, int Calls, int Concurrency, int Rounds);
