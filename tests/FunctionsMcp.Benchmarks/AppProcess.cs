using System.Diagnostics;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// One app under test as its own process (<c>dotnet app.dll --urls http://127.0.0.1:port</c>), configured only by
/// environment variables, so a build from any commit can be measured as deployed. Disposing kills the process tree
/// and waits for it to go.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    // Settings the benchmark's own environment might carry that would point the app elsewhere or change its mode.
    private static readonly string[] s_inheritedSettings =
        ["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"];

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(20);

    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private readonly List<TimedLine> _timedLines = [];
    private readonly long _started = Stopwatch.GetTimestamp();

    private AppProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>The process id: what <c>/proc/&lt;pid&gt;/status</c> describes (the <c>dotnet</c> host runs the app in its own process).</summary>
    public int Id => _process.Id;

    public Uri BaseUrl { get; }

    public Uri McpUrl => new(BaseUrl, "/mcp");

    public bool HasExited => _process.HasExited;

    /// <summary>What the app last wrote (stdout and stderr, a few dozen lines), to explain a failed start.</summary>
    public string LastOutput
    {
        get
        {
            lock (_lastLines)
                return string.Join(Environment.NewLine, _lastLines);
        }
    }

    /// <summary>
    /// The first lines the app wrote (a few hundred at most), each with the milliseconds since the process was started
    /// when the benchmark received it: a timeline of the app's start-up from its own log.
    /// </summary>
    public IReadOnlyList<TimedLine> TimedLines
    {
        get
        {
            lock (_lastLines)
                return [.. _timedLines];
        }
    }

    /// <summary>Starts <c>dotnet appDll [arguments] --urls http://127.0.0.1:port</c> with <paramref name="settings"/> as environment variables.</summary>
    public static AppProcess Start(string appDll, int port, IReadOnlyDictionary<string, string> settings, IReadOnlyList<string>? arguments = null)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            // The app's own folder, as when deployed: its appsettings.json is found relative to the content root.
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(appDll);
        foreach (string argument in arguments ?? [])
            start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl.AbsoluteUri.TrimEnd('/'));
        foreach (string name in s_inheritedSettings)
            start.Environment.Remove(name);
        foreach ((string name, string value) in settings)
            start.Environment[name] = value;

        var process = new Process { StartInfo = start };
        var app = new AppProcess(process, baseUrl);
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>
    /// Polls with <paramref name="request"/> until <paramref name="succeeded"/> says yes. Refused connections and other
    /// answers are retried every 20 ms; an app that exits, or gives no such answer within 120 s, is an error that quotes
    /// its output. <paramref name="who"/> names it in that error ("the ours server (…dll)"), <paramref name="what"/> says
    /// what was awaited ("a successful tools/call").
    /// </summary>
    public async Task WaitUntilAsync(
        HttpClient http, Func<HttpRequestMessage> request, Func<HttpResponseMessage, Task<bool>> succeeded, string who, string what, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        string lastProblem = "nothing answered";
        while (true)
        {
            try
            {
                using HttpRequestMessage probe = request();
                using HttpResponseMessage response = await http.SendAsync(probe, cancellationToken);
                if (await succeeded(response))
                    return;
                lastProblem = $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (HttpRequestException ex)
            {
                lastProblem = ex.Message;
            }

            if (HasExited)
                throw new InvalidOperationException($"The {who} exited before {what}. It said:{Environment.NewLine}{LastOutput}");
            if (Stopwatch.GetElapsedTime(started) > s_startTimeout)
                throw new TimeoutException($"The {who} gave no {what} within {s_startTimeout.TotalSeconds:F0} s (last: {lastProblem}). It said:{Environment.NewLine}{LastOutput}");
            await Task.Delay(s_pollInterval, cancellationToken);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 40)
                _lastLines.Dequeue();
            if (_timedLines.Count < 400)
                _timedLines.Add(new TimedLine(Stopwatch.GetElapsedTime(_started).TotalMilliseconds, line));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing left to stop.
        }

        _process.Dispose();
    }
}

/// <summary>A line an app wrote, and when it arrived (milliseconds since its process was started).</summary>
internal sealed record TimedLine(double Milliseconds, string Text);
