using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FunctionsMcp.LocalDev;

/// <summary>How to start Azurite's table service.</summary>
/// <param name="RepositoryRoot">The checkout whose pinned Azurite to use (installed on demand).</param>
/// <param name="TablePort">The loopback port; 0 picks a free one.</param>
/// <param name="DataFolder">Where to keep data; null keeps it in memory and loses it on stop.</param>
public sealed record AzuriteOptions(string RepositoryRoot, int TablePort = 0, string? DataFolder = null);

/// <summary>
/// A running Azurite table service on 127.0.0.1, started from the repository's pinned npm package and
/// stopped (with its process tree) on dispose. Telemetry is always off.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's standard table port.</summary>
    public const int StandardTablePort = 10002;

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;

    private AzuriteProcess(Process process, int port)
    {
        _process = process;
        TablePort = port;
    }

    /// <summary>The port the table service listens on.</summary>
    public int TablePort { get; }

    /// <summary>The table endpoint (path-style, development account).</summary>
    public Uri TableEndpoint => new($"http://127.0.0.1:{TablePort}/devstoreaccount1");

    /// <summary>A connection string for the development account on this instance.</summary>
    public string ConnectionString => ConnectionStringFor(TablePort);

    /// <summary>A connection string for the development account of an Azurite on <paramref name="port"/>.</summary>
    public static string ConnectionStringFor(int port) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    /// <summary>Starts Azurite and waits until it accepts connections.</summary>
    public static async Task<AzuriteProcess> StartAsync(AzuriteOptions options, Action<string> log, CancellationToken cancellationToken = default)
    {
        string script = await NpmTools.EnsureBinAsync(options.RepositoryRoot, "azurite", "azurite-table", log, cancellationToken);
        int port = options.TablePort == 0 ? FreePort() : options.TablePort;

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = options.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { script, "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--disableTelemetry" })
            start.ArgumentList.Add(argument);
        if (options.DataFolder is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(options.DataFolder);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(options.DataFolder);
        }

        Process process = NpmTools.StartOrExplain(start);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var azurite = new AzuriteProcess(process, port);
        try
        {
            await WaitUntilListeningAsync(process, port, output, cancellationToken);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        return azurite;
    }

    /// <summary>True when something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>A port that was free on 127.0.0.1 a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Azurite handles SIGINT (close the server, save the database); SIGTERM would end it without saving.
    private const int Sigint = 2;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Terminate(int pid, int signal);

    private static async Task WaitUntilListeningAsync(Process process, int port, StringBuilder output, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + s_startTimeout;
        while (!await IsListeningAsync(port, cancellationToken))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                string said;
                lock (output) said = output.ToString().Trim();
                throw new InvalidOperationException(
                    $"Azurite did not start on 127.0.0.1:{port} ({(process.HasExited ? $"it exited with code {process.ExitCode}" : "timed out")}). It said:\n{said}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    /// <summary>
    /// Stops Azurite: SIGINT first, so a persistent instance writes its database to disk (a kill loses the last
    /// seconds of writes), then a kill of the process tree if it has not exited within a few seconds.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited && !OperatingSystem.IsWindows() && Terminate(_process.Id, Sigint) == 0)
            {
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    // Did not stop in time: killed below.
                }
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
