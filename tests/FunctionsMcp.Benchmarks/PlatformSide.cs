using System.Diagnostics;
using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// One side of the platform comparison: an app build, the counting proxy its storage goes through, and the settings
/// it runs with (Production, the benchmark's Azurite, no demo data, limits high enough never to refuse).
/// </summary>
internal sealed class PlatformSide(string name, string appDll, CountingProxy storage, string workFolder)
{
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

    /// <summary>Polls <paramref name="app"/> with a real authenticated <c>tools/call</c> until one succeeds (<see cref="AppProcess.WaitUntilAsync"/>).</summary>
    public Task WaitForFirstCallAsync(AppProcess app, HttpClient http, string token, CancellationToken cancellationToken) =>
        app.WaitUntilAsync(
            http, () => McpCall.Whoami(app.McpUrl, token), r => McpCall.SucceededAsync(r, cancellationToken), $"{name} app ({appDll})", "a successful tools/call", cancellationToken);

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
