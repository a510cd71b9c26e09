using System.Diagnostics;

namespace FunctionsMcp.Benchmarks;

/// <summary>Latencies of one run: <c>requests</c> calls of a tool, <c>concurrency</c> at a time, over loopback HTTP.</summary>
internal sealed record LoadResult(string Name, int Requests, TimeSpan Elapsed, double[] LatenciesMs, int Failures)
{
    public double Throughput => Requests / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        double[] sorted = [.. LatenciesMs.Order()];
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public static LoadResult Merge(string name, IReadOnlyList<LoadResult> runs) => new(
        name, runs.Sum(r => r.Requests), TimeSpan.FromTicks(runs.Sum(r => r.Elapsed.Ticks)), [.. runs.SelectMany(r => r.LatenciesMs)], runs.Sum(r => r.Failures));
}

internal static class LoadRun
{
    public static Task<LoadResult> RunAsync(
        string name, HttpClient http, Uri url, string token, int requests, int concurrency, CancellationToken cancellationToken = default) =>
        RunAsync(name, http, () => McpCall.Whoami(url, token), requests, concurrency, cancellationToken);

    /// <summary>Sends <paramref name="requests"/> requests made by <paramref name="call"/>, <paramref name="concurrency"/> at a time.</summary>
    public static async Task<LoadResult> RunAsync(
        string name, HttpClient http, Func<HttpRequestMessage> call, int requests, int concurrency, CancellationToken cancellationToken = default)
    {
        var latencies = new double[requests];
        int next = -1, failures = 0;
        var clock = Stopwatch.StartNew();

        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                using HttpRequestMessage request = call();
                long start = Stopwatch.GetTimestamp();
                try
                {
                    using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
                    await response.Content.LoadIntoBufferAsync(cancellationToken);
                    latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (!await McpCall.SucceededAsync(response, cancellationToken))
                        Interlocked.Increment(ref failures);
                }
                catch (HttpRequestException)
                {
                    // A dropped connection is a failed call, counted like any other, not the end of the run.
                    latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    Interlocked.Increment(ref failures);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync, cancellationToken)));
        return new LoadResult(name, requests, clock.Elapsed, latencies, failures);
    }
}
