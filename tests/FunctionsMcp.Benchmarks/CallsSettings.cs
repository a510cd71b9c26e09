using System.Globalization;

namespace FunctionsMcp.Benchmarks;

/// <summary>The <c>calls</c> and <c>cold-start</c> modes' settings, from the command line.</summary>
internal sealed record CallsSettings(
    string HostDll, string BenchmarkDll, int Requests, int Rounds, IReadOnlyList<int> Concurrencies, int ColdStarts,
    IReadOnlyDictionary<string, string> OurSettings, bool Load, string WorkFolder, bool BareReadsKey = false)
{
    public const string HostDefault = "src/FunctionsMcp.Host/bin/Release/net10.0/FunctionsMcp.Host.dll";

    /// <summary>The settings, or null with the problem written to stderr.</summary>
    public static CallsSettings? Parse(string[] args, string root, string workFolder)
    {
        string host = Path.GetFullPath(Benchmark.ArgumentText(args, "--app") ?? Path.Combine(root, HostDefault));
        if (!File.Exists(host))
        {
            Console.Error.WriteLine($"The app {host} does not exist. Build it first: dotnet build -c Release src/FunctionsMcp.Host");
            return null;
        }

        var ourSettings = new Dictionary<string, string>();
        for (int i = 0; i < args.Length - 1; i++)
        {
            if (args[i] != "--set")
                continue;
            string[] pair = args[i + 1].Split('=', 2);
            if (pair.Length != 2)
            {
                Console.Error.WriteLine($"--set takes Name=Value (an environment variable for our server), not '{args[i + 1]}'.");
                return null;
            }

            ourSettings[pair[0]] = pair[1];
        }

        int[] concurrencies = [.. (Benchmark.ArgumentText(args, "--concurrency") ?? "8,32")
            .Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture))];
        return new CallsSettings(
            host, typeof(CallsSettings).Assembly.Location,
            Benchmark.ArgumentValue(args, "--requests", 2000), Benchmark.ArgumentValue(args, "--rounds", 4), concurrencies,
            Benchmark.ArgumentValue(args, "--cold", 5), ourSettings, Load: !args.Contains("cold-start"), workFolder, BareReadsKey: args.Contains("--bare-reads-key"));
    }

    public static string Help => $"""
        dotnet run -c Release --project tests/FunctionsMcp.Benchmarks -- calls [--requests 2000] [--rounds 4] [--concurrency 8,32]
            [--cold 5] [--app <FunctionsMcp.Host.dll>] [--set Name=Value ...] [--bare-reads-key]
        dotnet run -c Release --project tests/FunctionsMcp.Benchmarks -- cold-start [--cold 5] [--app …] [--set …]

        Our tools/call (get_participant with an access key; rate limits and audit on) against a bare ASP.NET Core endpoint
        doing the same point read, each its own process on one in-memory Azurite behind its own counting proxy:
          warm        --rounds rounds of --requests calls per side at each --concurrency, alternating which side goes
                      first; req/s, p50/p95/p99, failures, storage requests per call by kind, RSS; ratios with the goals
          cold start  --cold starts per server, interleaved: process start to the first HTTP answer and to the first
                      successful call, for our host as deployed (Production), our host as a local run (Development,
                      demo data loaded at start), the bare endpoint and a hello-world; with the storage requests before
                      each and the host's log lines as a timeline. --cold 0 skips it; cold-start runs only it.
        Exits non-zero if any call failed.

          --app   our host (default: this checkout's {HostDefault}; dotnet build -c Release src/FunctionsMcp.Host)
          --set   an environment variable for our server, e.g. --set RateLimits__RequestsPerMinutePerOrganization=2000000
        """;
}
