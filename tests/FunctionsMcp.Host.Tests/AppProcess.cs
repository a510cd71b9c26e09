using System.Diagnostics;
using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Host.Tests;

/// <summary>The built local host run as its own process (<c>dotnet FunctionsMcp.Host.dll</c>).</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private AppProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static string HostDll()
    {
        string root = Repository.GetRoot(AppContext.BaseDirectory);
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        string dll = Path.Combine(root, "src", "FunctionsMcp.Host", "bin", configuration, "net10.0", "FunctionsMcp.Host.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the Host first.", dll);
    }

    /// <summary>Starts the app with exactly these environment variables for its settings (none inherited from appsettings.Development.json).</summary>
    public static AppProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        string dll = HostDll();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach ((string key, string value) in environment)
            start.Environment[key] = value;
        return new AppProcess(Process.Start(start)!);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        await Task.Delay(50, CancellationToken.None); // let the async output readers drain
        return _process.ExitCode;
    }

    public async Task WaitUntilAnsweringAsync(Uri url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using HttpResponseMessage _ = await http.GetAsync(url);
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
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
