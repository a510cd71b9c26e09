using System.Diagnostics;
using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// One server the <c>calls</c> mode starts as its own process: which DLL with which arguments and settings, the
/// counting proxy its storage goes through (none for the hello-world), and the request that is its <c>tools/call</c>.
/// </summary>
internal sealed class CallsSide(
    string name, string dll, IReadOnlyList<string> arguments, Func<int, IReadOnlyDictionary<string, string>> settings,
    CountingProxy? storage, Func<Uri, HttpRequestMessage> call)
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(20);

    public string Name => name;

    public CountingProxy? Storage => storage;

    public StorageCounts StorageNow => storage?.Tally.Snapshot() ?? new StorageCounts(new Dictionary<StorageKind, (long, long)>());

    public AppProcess Start()
    {
        int port = AzuriteProcess.FreePort();
        return AppProcess.Start(dll, port, settings(port), arguments);
    }

    public HttpRequestMessage Call(AppProcess app) => call(app.McpUrl);

    /// <summary>Polls <c>GET /</c> until the app answers at all (any status): it listens, whatever else it is still doing.</summary>
    public Task WaitForHttpAsync(AppProcess app, HttpClient http, CancellationToken cancellationToken) =>
        WaitUntilAsync(app, http, () => new HttpRequestMessage(HttpMethod.Get, app.BaseUrl), _ => Task.FromResult(true), "an HTTP answer", cancellationToken);

    /// <summary>Polls with the real call until one succeeds: refused connections and not-yet-ready answers are retried.</summary>
    public Task WaitForFirstCallAsync(AppProcess app, HttpClient http, CancellationToken cancellationToken) =>
        WaitUntilAsync(app, http, () => Call(app), r => McpCall.SucceededAsync(r, cancellationToken), "a successful tools/call", cancellationToken);

    private async Task WaitUntilAsync(
        AppProcess app, HttpClient http, Func<HttpRequestMessage> request, Func<HttpResponseMessage, Task<bool>> succeeded, string what, CancellationToken cancellationToken)
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

            if (app.HasExited)
                throw new InvalidOperationException($"The {name} server ({dll}) exited before {what}. It said:{Environment.NewLine}{app.LastOutput}");
            if (Stopwatch.GetElapsedTime(started) > s_startTimeout)
                throw new TimeoutException($"The {name} server gave no {what} within {s_startTimeout.TotalSeconds:F0} s (last: {lastProblem}). It said:{Environment.NewLine}{app.LastOutput}");
            await Task.Delay(s_pollInterval, cancellationToken);
        }
    }
}
