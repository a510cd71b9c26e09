using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FunctionsMcp.LocalDev;

/// <summary>
/// The Node tools pinned in the repository's package.json (Azurite, and later the MCP clients the tests use),
/// installed into the repository's node_modules with <c>npm ci</c> the first time they are needed.
/// </summary>
public static class NpmTools
{
    private static readonly TimeSpan s_installTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The JavaScript file of an installed package's command, e.g. ("azurite", "azurite-table").</summary>
    public static string? FindBin(string repositoryRoot, string package, string command)
    {
        string manifest = Path.Combine(repositoryRoot, "node_modules", package, "package.json");
        if (!File.Exists(manifest))
            return null;
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(manifest));
        return document.RootElement.TryGetProperty("bin", out JsonElement bin) && bin.TryGetProperty(command, out JsonElement path)
            ? Path.GetFullPath(Path.Combine(repositoryRoot, "node_modules", package, path.GetString()!))
            : null;
    }

    /// <summary>
    /// Makes sure <paramref name="package"/> is installed from the current package-lock.json, running <c>npm ci</c> if
    /// it is missing or the lock file changed since the last install (a pull that adds a tool). Safe to call from
    /// several processes at once (test assemblies run in parallel): installs are serialized by a lock file.
    /// </summary>
    public static async Task<string> EnsureBinAsync(string repositoryRoot, string package, string command, Action<string> log, CancellationToken cancellationToken)
    {
        if (IsCurrent(repositoryRoot) && FindBin(repositoryRoot, package, command) is { } installed)
            return installed;

        await using FileStream gate = await AcquireLockAsync(repositoryRoot, cancellationToken);
        if (IsCurrent(repositoryRoot) && FindBin(repositoryRoot, package, command) is { } installedMeanwhile)
            return installedMeanwhile;

        bool hasLock = File.Exists(Path.Combine(repositoryRoot, "package-lock.json"));
        string arguments = hasLock ? "ci --no-audit --no-fund" : "install --no-audit --no-fund";
        log($"Installing the repository's Node tools (npm {arguments.Split(' ')[0]}); this happens once and takes about half a minute.");
        (int exitCode, string output) = await RunAsync("npm", arguments, repositoryRoot, cancellationToken);
        if (exitCode != 0)
            throw new InvalidOperationException($"npm {arguments} failed with exit code {exitCode} in {repositoryRoot}:\n{Tail(output)}");

        return FindBin(repositoryRoot, package, command)
            ?? throw new InvalidOperationException($"npm finished, but {package} has no '{command}' command: check package.json.");
    }

    /// <summary>
    /// True when node_modules was installed from the package-lock.json there is now: npm writes its own copy,
    /// node_modules/.package-lock.json, at every install, so an older copy means the lock file changed since.
    /// </summary>
    public static bool IsCurrent(string repositoryRoot)
    {
        var lockFile = new FileInfo(Path.Combine(repositoryRoot, "package-lock.json"));
        var installed = new FileInfo(Path.Combine(repositoryRoot, "node_modules", ".package-lock.json"));
        return !lockFile.Exists || (installed.Exists && installed.LastWriteTimeUtc >= lockFile.LastWriteTimeUtc);
    }

    private static async Task<FileStream> AcquireLockAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(repositoryRoot)))[..16];
        string path = Path.Combine(Path.GetTempPath(), $"functionsmcp-npm-{hash}.lock");
        var deadline = DateTime.UtcNow + s_installTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = StartOrExplain(start);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_installTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    internal static Process StartOrExplain(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"'{start.FileName}' could not be started ({ex.Message}). Install Node.js 20 or later with npm and make sure it is on PATH.", ex);
        }
    }

    private static string Tail(string output) => output.Length <= 2000 ? output : output[^2000..];
}
