using System.Globalization;
using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// How long one admin CLI call takes as its own process: <c>orgs list</c> (one table read) against the machine's own
/// Azurite, beside the CLI's <c>--help</c> (the same process start without storage), in alternating order, with
/// the ratio between them. Optionally also <c>dotnet run --project src/FunctionsMcp.Cli</c>, which builds first.
/// </summary>
internal static class CliBenchmark
{
    private const string CliDefault = "src/FunctionsMcp.Cli/bin/Release/net10.0/FunctionsMcp.Cli.dll";

    public static async Task<int> RunAsync(string[] args)
    {
        string root = Repository.GetRoot(AppContext.BaseDirectory);
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Help);
            return 0;
        }

        string cli = Path.GetFullPath(Benchmark.ArgumentText(args, "--cli") ?? Path.Combine(root, CliDefault));
        int calls = Benchmark.ArgumentValue(args, "--calls", 20);
        int dotnetRuns = Benchmark.ArgumentValue(args, "--dotnet-run", 0);
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"The CLI {cli} does not exist. Build it first: dotnet build -c Release src/FunctionsMcp.Cli" +
                " (or give --cli with an installed fmcp).");
            return 2;
        }

        string? storage = Benchmark.ArgumentText(args, "--storage");
        if (storage is { Length: 0 })
        {
            Console.Error.WriteLine("--storage needs a connection string; leave it out to start an Azurite for the run.");
            return 2;
        }

        await using AzuriteProcess? azurite = storage is null
            ? await AzuriteProcess.StartAsync(new AzuriteOptions(root), Console.Error.WriteLine)
            : null;
        string connectionString = storage ?? azurite!.ConnectionString;
        // The demo organizations, so orgs list reads and prints rows; and its table exists before the first timed call.
        await BenchKey.CreateInStorageAsync(connectionString, CancellationToken.None);

        var help = new CliCall("--help (baseline: start, no storage)", cli, connectionString, ["--help"]);
        var orgs = new CliCall("orgs list (one table read)", cli, connectionString, ["orgs", "list"]);
        Console.WriteLine($"CLI: {cli}");
        Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()}; " +
            (storage is null ? "an in-memory Azurite started for this run" : "the Azurite given with --storage"));

        // Warm: the first call of each, not recorded, pays for cold disk caches and the table's creation.
        await help.RunAsync(record: false);
        await orgs.RunAsync(record: false);
        for (int i = 0; i < calls; i++)
        {
            // Alternate which goes first, so neither always runs right after the other.
            foreach (CliCall call in i % 2 == 0 ? new[] { help, orgs } : [orgs, help])
                await call.RunAsync();
        }

        var rows = new List<CliCall> { help, orgs };
        if (dotnetRuns > 0)
        {
            var run = new CliCall("dotnet run -- orgs list (builds first)", "dotnet", connectionString,
                ["run", "--project", Path.Combine(root, "src", "FunctionsMcp.Cli"), "--", "orgs", "list"], measureCpu: false);
            // Not recorded: the first one builds whatever changed since the last build; the rest find nothing to build.
            await run.RunAsync(record: false);
            for (int i = 0; i < dotnetRuns; i++)
                await run.RunAsync();
            rows.Add(run);
        }

        Console.WriteLine($"load average after: {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine($"| {"command",-40} | {"calls",5} | {"median ms",9} | {"p90 ms",7} | {"min ms",7} | {"CPU median ms",13} |");
        Console.WriteLine($"|{new string('-', 42)}|{new string('-', 7)}|{new string('-', 11)}|{new string('-', 9)}|{new string('-', 9)}|{new string('-', 15)}|");
        foreach (CliCall row in rows)
        {
            string cpu = row.CpuMilliseconds.Count == 0 ? "-" : Invariant($"{Percentile(row.CpuMilliseconds, 50):F0}");
            Console.WriteLine(Invariant(
                $"| {row.Name,-40} | {row.WallMilliseconds.Count,5} | {Percentile(row.WallMilliseconds, 50),9:F0} | {Percentile(row.WallMilliseconds, 90),7:F0} | {row.WallMilliseconds.Min(),7:F0} | {cpu,13} |"));
        }

        Console.WriteLine();
        Console.WriteLine(Invariant(
            $"ratio orgs list / --help: median x{Percentile(orgs.WallMilliseconds, 50) / Percentile(help.WallMilliseconds, 50):F2}, p90 x{Percentile(orgs.WallMilliseconds, 90) / Percentile(help.WallMilliseconds, 90):F2}"));
        int failures = rows.Sum(r => r.Failures);
        if (failures > 0)
            Console.Error.WriteLine($"{failures} calls failed; the last said: {rows.Select(r => r.LastFailure).LastOrDefault(f => f is not null)}");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>The value below which <paramref name="percent"/> of the samples fall (nearest rank).</summary>
    internal static double Percentile(IReadOnlyList<double> samples, int percent)
    {
        double[] sorted = [.. samples.Order()];
        int rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Help => $"""
        dotnet run -c Release --project tests/FunctionsMcp.Benchmarks -- cli [--cli <FunctionsMcp.Cli.dll or fmcp>] [--calls 20]
            [--dotnet-run 0] [--storage "<connection string>"]

        Runs the admin CLI as a process, --calls times each, alternating: 'orgs list' (a warm call that reads one table) and
        '--help' (the same start-up without storage, the baseline), and prints median, p90 and min wall time, the CPU
        time of each call (Linux), and the ratio. Storage: an in-memory Azurite it starts, or --storage.
          --cli         the CLI to run: a .dll runs with dotnet, anything else as it is (an installed fmcp)
                        (default: this repository's {CliDefault}; build it with dotnet build -c Release src/FunctionsMcp.Cli)
          --dotnet-run  also time this many 'dotnet run --project src/FunctionsMcp.Cli -- orgs list' (it builds first)
        Exits non-zero if any call failed.
        """;
}
