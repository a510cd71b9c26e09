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
        app.WaitUntilAsync(http, () => new HttpRequestMessage(HttpMethod.Get, app.BaseUrl), _ => Task.FromResult(true), Who, "an HTTP answer", cancellationToken);

    /// <summary>Polls with the real call until one succeeds: refused connections and not-yet-ready answers are retried.</summary>
    public Task WaitForFirstCallAsync(AppProcess app, HttpClient http, CancellationToken cancellationToken) =>
        app.WaitUntilAsync(http, () => Call(app), r => McpCall.SucceededAsync(r, cancellationToken), Who, "a successful tools/call", cancellationToken);

    private string Who => $"{name} server ({dll})";
}
