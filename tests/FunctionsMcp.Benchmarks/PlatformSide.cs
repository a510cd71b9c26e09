using System.Diagnostics;
using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// One side of the platform comparison: an app build, the counting proxy its storage goes through, and the settings
/// it runs with (Production, the benchmark's Azurite, no demo data, limits high enough never to refuse).
/// </summary>
internal sealed class PlatformSide(string name, string appDll, CountingProxy storage, string workFolder)
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(20);

    public string Name => name;

    public string AppDll => appDll;

    public CountingProxy Storage => storage;

    public AppProcess Start()
    {
        int port = AzuriteProcess.FreePort();
        return AppProcess.Start(appDll, port, new Dictionary<string, string>
        {
            // Not Development: that would start the app's own Azurite and seed demo data.
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Server__BaseUrl"] = $"http://127.0.0.1:{port}",
            ["Storage__ConnectionString"] = storage.ConnectionString,
            // Outside Development the default key file lives under the app's folder; keep the benchmark's out of builds.
            ["OAuth__SigningKeyFile"] = Path.Combine(workFolder, name + "-signing-keys.json"),
            // The product's rate limiting stays on (it is part of a call's cost) with limits no run can reach.
            ["RateLimits__RequestsPerMinutePerCredential"] = "100000",
            ["RateLimits__RequestsPerMinutePerOrganization"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
        });
    }

    /// <summary>
    /// Polls <paramref name="app"/> with a real authenticated <c>tools/call</c> until one succeeds. Refused
    /// connections and not-yet-ready answers are retried; an app that exits or never answers is an error quoting its output.
    /// </summary>
    public async Task WaitForFirstCallAsync(AppProcess app, HttpClient http, string token, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        string lastProblem = "nothing answered";
        while (true)
        {
            try
            {
                using HttpRequestMessage request = McpCall.Whoami(app.McpUrl, token);
                using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
                if (await McpCall.SucceededAsync(response, cancellationToken))
                    return;
                lastProblem = $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (HttpRequestException ex)
            {
                lastProblem = ex.Message;
            }

            if (app.HasExited)
                throw new InvalidOperationException($"The {name} app ({appDll}) exited before answering a tools/call. It said:{Environment.NewLine}{app.LastOutput}");
            if (Stopwatch.GetElapsedTime(started) > s_startTimeout)
                throw new TimeoutException($"The {name} app gave no successful tools/call within {s_startTimeout.TotalSeconds:F0} s (last: {lastProblem}). It said:{Environment.NewLine}{app.LastOutput}");
            await Task.Delay(s_pollInterval, cancellationToken);
        }
    }

    /// <summary>One cold start: process start to the first successful <c>tools/call</c>, and the storage requests that took.</summary>
    public async Task<ColdStart> MeasureColdStartAsync(HttpClient http, string token, CancellationToken cancellationToken)
    {
        long storageBefore = storage.Requests;
        long started = Stopwatch.GetTimestamp();
        await using AppProcess app = Start();
        await WaitForFirstCallAsync(app, http, token, cancellationToken);
        return new ColdStart(Stopwatch.GetElapsedTime(started).TotalMilliseconds, storage.Requests - storageBefore);
    }
}

internal sealed record ColdStart(double Milliseconds, long StorageRequests);
