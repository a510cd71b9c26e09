using Azure.Core;
using Azure.Data.Tables;
using FunctionsMcp.LocalDev;
using FunctionsMcp.Mcp.Protection;
using FunctionsMcp.Mcp.Transport;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Protection;
using FunctionsMcp.Storage;
using FunctionsMcp.Storage.Protection;
using FunctionsMcp.Tests.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FunctionsMcp.Mcp.Tests.Protection;

/// <summary>
/// Limits held by blocks claimed from the shared counters, across app instances: each instance here is its own service
/// provider (limiter, counter, storage client), sharing Azurite and one hand-moved clock with the others, driven through
/// the rate-limit gate for a minute at a time.
/// </summary>
public sealed class RateLimitInstancesTests(AzuriteFixture azurite)
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly McpPrincipal _caller = new("o" + Guid.NewGuid().ToString("N")[..12], "u", Role.Coordinator, [], CredentialKind.AccessKey, "k1");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A request's outcome at the gate: null when admitted, and the headers it set.</summary>
    private sealed record Outcome(McpRejection? Refusal, IHeaderDictionary Headers)
    {
        public bool Admitted => Refusal is null;
    }

    /// <summary>One app instance; with <c>counterUnreachable</c> its counter points at a port nobody listens on.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly RateLimitGate _gate;

        public Instance(AzuriteFixture azurite, TimeProvider time, int perCredential, int perOrganization, bool counterUnreachable = false)
        {
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["RateLimits:RequestsPerMinutePerCredential"] = perCredential.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RateLimits:RequestsPerMinutePerOrganization"] = perOrganization.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }).Build());
            services.AddLogging();
            services.AddSingleton(time);
            TableClientOptions options = TableStorageClientFactory.ClientOptions(0, TimeSpan.FromSeconds(30));
            options.AddPolicy(Requests, HttpPipelinePosition.PerRetry);
            services.AddSingleton(new TableServiceClient(azurite.ConnectionString, options));
            if (counterUnreachable)
            {
                var unreachable = new TableServiceClient(AzuriteProcess.ConnectionStringFor(AzuriteProcess.FreePort()), TableStorageClientFactory.ClientOptions(0, TimeSpan.FromSeconds(5)));
                services.AddSingleton<IRateLimitCounter>(new TableRateLimitCounter(new TableProvider(unreachable)));
            }

            services.AddTableStorage();
            services.AddRateLimits();
            services.AddSingleton<RateLimitGate>();
            _services = services.BuildServiceProvider();
            _gate = _services.GetRequiredService<RateLimitGate>();
        }

        public StorageRequests Requests { get; } = new();

        public async Task<Outcome> CallAsync(McpPrincipal caller)
        {
            var context = new DefaultHttpContext();
            McpRejection? refusal = await _gate.CheckAsync(context, caller, Cancel);
            return new Outcome(refusal, context.Response.Headers);
        }

        /// <summary>Stops as the host does (scale-in, deployment): the hosted services' StopAsync, then disposal.</summary>
        public async Task StopAsync()
        {
            foreach (IHostedService service in _services.GetServices<IHostedService>())
                await service.StopAsync(Cancel);
            await _services.DisposeAsync();
        }

        /// <summary>Disposal alone, as after a crash nothing else runs (StopAsync is never called).</summary>
        public ValueTask DisposeAsync() => _services.DisposeAsync();
    }

    /// <summary>Sends <paramref name="perSecond"/> requests a second to each running instance in turn until the minute ends.</summary>
    private async Task<(int Admitted, List<(int Second, Outcome Outcome)> Refused)> DriveAsync(int fromSecond, int toSecond, int perSecond, params Instance[] instances)
    {
        int admitted = 0;
        var refused = new List<(int, Outcome)>();
        for (int second = fromSecond; second < toSecond; second++)
        {
            for (int i = 0; i < perSecond; i++)
            {
                foreach (Instance instance in instances)
                {
                    Outcome outcome = await instance.CallAsync(_caller);
                    if (outcome.Admitted)
                        admitted++;
                    else
                        refused.Add((second, outcome));
                }
            }

            _time.Advance(TimeSpan.FromSeconds(1));
        }

        return (admitted, refused);
    }

    [Fact]
    public async Task TwoInstancesOverAMinute_AdmitTheLimitAndNeverMore_ThenAnswer429WithRetryAfterToTheWindowsEnd()
    {
        await using var first = new Instance(azurite, _time, 600, 1000);
        await using var second = new Instance(azurite, _time, 600, 1000);

        (int admitted, List<(int Second, Outcome Outcome)> refused) = await DriveAsync(0, 60, 10, first, second);

        Assert.InRange(admitted, 540, 600);
        (int at, Outcome firstRefusal) = refused[0];
        Assert.Equal(StatusCodes.Status429TooManyRequests, firstRefusal.Refusal!.Status);
        Assert.Equal((60 - at).ToString(System.Globalization.CultureInfo.InvariantCulture), firstRefusal.Headers.RetryAfter.ToString());
        Assert.StartsWith("\"credential\";r=0;", firstRefusal.Headers["RateLimit"].ToString(), StringComparison.Ordinal);
        Assert.All(refused, r => Assert.Equal(RateLimitScope.Credential, r.Outcome.Refusal!.Data!["limit"]!.GetValue<string>()));
        // Once refusing, every later request of the minute is refused too.
        Assert.Equal(1200 - admitted, refused.Count);
    }

    [Fact]
    public async Task AnInstanceStoppingMidWindow_HandsBackItsUnusedBlock_SoTheOtherAdmitsUpToTheLimit()
    {
        var stopping = new Instance(azurite, _time, 600, 1000);
        await using var staying = new Instance(azurite, _time, 600, 1000);

        (int before, _) = await DriveAsync(0, 20, 10, stopping, staying);
        await stopping.StopAsync();
        (int after, _) = await DriveAsync(20, 60, 10, staying);

        Assert.Equal(400, before);
        Assert.Equal(600, before + after);
    }

    [Fact]
    public async Task AnInstanceThatCrashesMidWindow_CostsAtMostItsUnusedBlock()
    {
        await using var crashing = new Instance(azurite, _time, 600, 1000);
        await using var staying = new Instance(azurite, _time, 600, 1000);

        (int before, _) = await DriveAsync(0, 20, 10, crashing, staying);
        (int after, _) = await DriveAsync(20, 60, 10, staying);

        // What the crashed instance held unused is lost until the window ends: at most 1.25 blocks of 12.
        Assert.Equal(400, before);
        Assert.InRange(before + after, 600 - 15, 599);
    }

    [Fact]
    public async Task AdmittedRequests_CostFarFewerStorageRequestsThanRequests_AndRefusalsCostNone()
    {
        await using var large = new Instance(azurite, _time, 10_000, 100_000);
        for (int i = 0; i < 1000; i++)
            Assert.True((await large.CallAsync(_caller)).Admitted);
        int perThousandAdmitted = large.Requests.ToTableOrBatches(TableNames.RateLimits);

        await using var small = new Instance(azurite, _time, 50, 1000);
        McpPrincipal other = _caller with { OrganizationId = _caller.OrganizationId + "b" };
        for (int i = 0; i < 50; i++)
            Assert.True((await small.CallAsync(other)).Admitted);
        Assert.False((await small.CallAsync(other)).Admitted);
        int beforeRefusals = small.Requests.ToTableOrBatches(TableNames.RateLimits);
        for (int i = 0; i < 100; i++)
            Assert.False((await small.CallAsync(other)).Admitted);
        int perHundredRefused = small.Requests.ToTableOrBatches(TableNames.RateLimits) - beforeRefusals;

        // A block is 1/50 of the limit (200 here): 1000 requests take 5 claims, each one conditional write, plus the first read.
        TestContext.Current.SendDiagnosticMessage($"storage requests: {perThousandAdmitted} for 1000 admitted, {perHundredRefused} for 100 refused");
        Assert.InRange(perThousandAdmitted, 1, 20);
        Assert.Equal(0, perHundredRefused);
    }

    [Fact]
    public async Task AnInstanceRefusingLocally_AsksAgainAfterASecond_AndAdmitsWhatAnotherHandedBack()
    {
        var stopping = new Instance(azurite, _time, 200, 1000);
        await using var refusing = new Instance(azurite, _time, 200, 1000);
        Assert.True((await stopping.CallAsync(_caller)).Admitted);
        int admitted = 1;
        while ((await refusing.CallAsync(_caller)).Admitted)
            admitted++;
        Assert.True(admitted < 200);

        await stopping.StopAsync();
        int beforeSameSecond = refusing.Requests.ToTableOrBatches(TableNames.RateLimits);
        bool sameSecond = (await refusing.CallAsync(_caller)).Admitted;
        int sameSecondCost = refusing.Requests.ToTableOrBatches(TableNames.RateLimits) - beforeSameSecond;
        _time.Advance(RateLimiter.Recheck);
        while ((await refusing.CallAsync(_caller)).Admitted)
            admitted++;

        Assert.False(sameSecond);
        Assert.Equal(0, sameSecondCost);
        Assert.Equal(200, admitted);
    }

    [Fact]
    public async Task TheNextWindow_StartsAfresh()
    {
        await using var instance = new Instance(azurite, _time, 3, 1000);
        _time.Advance(TimeSpan.FromSeconds(50));
        for (int i = 0; i < 3; i++)
            Assert.True((await instance.CallAsync(_caller)).Admitted);
        Outcome fourth = await instance.CallAsync(_caller);

        _time.Advance(TimeSpan.FromSeconds(10));
        Outcome next = await instance.CallAsync(_caller);

        Assert.False(fourth.Admitted);
        Assert.Equal("10", fourth.Headers.RetryAfter.ToString());
        Assert.True(next.Admitted);
        Assert.StartsWith("\"credential\";r=2;t=60", next.Headers["RateLimit"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACounterThatCannotBeReached_LetsRequestsThrough()
    {
        await using var instance = new Instance(azurite, _time, 1, 1, counterUnreachable: true);

        Outcome first = await instance.CallAsync(_caller);
        Outcome second = await instance.CallAsync(_caller);

        Assert.True(first.Admitted);
        Assert.True(second.Admitted);
        Assert.False(second.Headers.ContainsKey("RateLimit"));
    }
}
