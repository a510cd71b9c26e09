using System.Globalization;

namespace FunctionsMcp.Benchmarks;

/// <summary>What a measurement was taken under, so figures can be quoted honestly: date, cores, load, and a process's memory.</summary>
internal static class MachineInfo
{
    /// <summary>"2026-12-02 10:33 UTC, 2 cores, load average 1.74 2.23 3.37 (1, 5, 15 min)".</summary>
    public static string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()} (1, 5, 15 min)");

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown (no /proc/loadavg)";

    /// <summary>A process's resident set (VmRSS of <c>/proc/&lt;pid&gt;/status</c>) in MiB, or NaN where there is no /proc.</summary>
    public static double ResidentMiB(int processId)
    {
        string status = $"/proc/{processId}/status";
        if (!File.Exists(status))
            return double.NaN;
        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
