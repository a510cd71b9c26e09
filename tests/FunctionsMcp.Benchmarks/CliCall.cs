using System.Diagnostics;
using System.Globalization;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// One CLI command line run as a new process each time, configured only by environment variables, with the wall time
/// (process start to exit) and, on Linux, the CPU time of every run.
/// </summary>
/// <param name="name">What the report calls it.</param>
/// <param name="program">A .dll, run with dotnet; or a program run as it is (an installed fmcp, or dotnet itself).</param>
/// <param name="connectionString">Storage__ConnectionString for the process.</param>
/// <param name="arguments">The command line after the program.</param>
/// <param name="measureCpu">
/// False where the work happens in processes this one never reaps (dotnet run's build runs in reused MSBuild nodes), so
/// their CPU would be missed.
/// </param>
internal sealed class CliCall(string name, string program, string connectionString, IReadOnlyList<string> arguments, bool measureCpu = true)
{
    private const int CpuTicksField = 13;

    public string Name => name;

    public List<double> WallMilliseconds { get; } = [];

    public List<double> CpuMilliseconds { get; } = [];

    public int Failures { get; private set; }

    public string? LastFailure { get; private set; }

    /// <summary>Runs it once and, with <paramref name="record"/>, records it, even when it fails (the run still took that long).</summary>
    public async Task RunAsync(bool record = true)
    {
        var start = new ProcessStartInfo(program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "dotnet" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(program);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        // Only the storage given here: none of the Storage__/Server__ settings of whoever runs the benchmark.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("Storage__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Server__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["Storage__ConnectionString"] = connectionString;

        double? cpuBefore = measureCpu ? ChildrenCpuMilliseconds() : null;
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        if (record)
            WallMilliseconds.Add(clock.Elapsed.TotalMilliseconds);
        // The CPU of waited-for children grows by this one's when it is reaped; none other runs meanwhile.
        if (record && cpuBefore is not null && ChildrenCpuMilliseconds() is { } cpuAfter)
            CpuMilliseconds.Add(cpuAfter - cpuBefore.Value);

        await output;
        string errors = await error;
        if (process.ExitCode != 0)
        {
            Failures++;
            LastFailure = $"{name}: exit code {process.ExitCode}: {errors.Trim()}";
        }
    }

    /// <summary>User and system CPU of this process's reaped children (cutime + cstime in /proc/self/stat), or null off Linux.</summary>
    private static double? ChildrenCpuMilliseconds()
    {
        if (!File.Exists("/proc/self/stat"))
            return null;
        // Fields after the command name (which is in parentheses and may hold spaces): state is field 3, cutime 16, cstime 17.
        string stat = File.ReadAllText("/proc/self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[CpuTicksField], CultureInfo.InvariantCulture) + long.Parse(fields[CpuTicksField + 1], CultureInfo.InvariantCulture);
        // The kernel reports these in USER_HZ, 100 per second on Linux everywhere .NET runs.
        return ticks * 10.0;
    }
}
