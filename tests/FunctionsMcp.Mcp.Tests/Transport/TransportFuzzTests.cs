using System.Collections.Concurrent;
using System.Globalization;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Mcp.Tests.Transport;

/// <summary>
/// Mutated valid requests of both protocol eras (<see cref="FuzzBodies"/>) from a fixed seed, four at a time over
/// loopback: none may get a 5xx or go unanswered. Set FUNCTIONSMCP_FUZZ_SEED to replay or explore another seed.
/// </summary>
public sealed class TransportFuzzTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const int DefaultSeed = 20261201;
    private const int Cases = 2400;
    private const int Parallelism = 4;
    private static readonly TimeSpan s_perRequest = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_whole = TimeSpan.FromSeconds(150);

    private McpTestServer _server = null!;
    private string _key = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // Rate limits off: they serialize one organization's requests and are tested on their own.
        _server = McpTestServer.Start(azurite, new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false" });
        TestTenant tenant = await _server.CreateTenantAsync();
        _key = (await _server.CreateKeyAsync(tenant)).Token;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task MutatedBodiesOfBothEras_NeverGet5xxOrHang()
    {
        int seed = Environment.GetEnvironmentVariable("FUNCTIONSMCP_FUZZ_SEED") is { Length: > 0 } chosen
            ? int.Parse(chosen, CultureInfo.InvariantCulture)
            : DefaultSeed;
        var random = new Random(seed);
        List<FuzzCase> cases = [.. Enumerable.Range(0, Cases).Select(i => FuzzBodies.Next(random, i))];
        var failures = new ConcurrentQueue<string>();
        int answered = 0;

        using var whole = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        whole.CancelAfter(s_whole);
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = whole.Token }, async (fuzz, cancel) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(s_perRequest);
            try
            {
                using HttpResponseMessage response = await _server.Http.SendAsync(fuzz.ToRequest(_key), timeout.Token);
                if ((int)response.StatusCode >= 500)
                    failures.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel)} for {fuzz}");
                Interlocked.Increment(ref answered);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                failures.Enqueue($"no answer within {s_perRequest.TotalSeconds} s for {fuzz}");
            }
            catch (HttpRequestException ex)
            {
                failures.Enqueue($"connection failed ({ex.Message}) for {fuzz}");
            }
        });

        Assert.True(failures.IsEmpty,
            $"Seed {seed}: {failures.Count} of {Cases} mutated requests got a 5xx or no answer (replay with FUNCTIONSMCP_FUZZ_SEED={seed}):\n"
            + string.Join("\n", failures.Take(15)));
        Assert.Equal(Cases, answered);
    }
}
