using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

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
    private const string Body = """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami","arguments":{}}}""";

    public static async Task<LoadResult> RunAsync(string name, HttpClient http, Uri url, string token, int requests, int concurrency)
    {
        var latencies = new double[requests];
        int next = -1, failures = 0;
        var clock = Stopwatch.StartNew();

        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
                request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
                request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                long start = Stopwatch.GetTimestamp();
                using HttpResponseMessage response = await http.SendAsync(request);
                await response.Content.LoadIntoBufferAsync();
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                    Interlocked.Increment(ref failures);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync)));
        return new LoadResult(name, requests, clock.Elapsed, latencies, failures);
    }
}
