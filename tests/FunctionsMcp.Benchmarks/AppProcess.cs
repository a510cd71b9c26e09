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

    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private AppProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

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

    public static AppProcess Start(string appDll, int port, IReadOnlyDictionary<string, string> settings)
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

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 40)
                _lastLines.Dequeue();
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
