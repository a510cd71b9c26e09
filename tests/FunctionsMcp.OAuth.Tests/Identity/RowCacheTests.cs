using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.OAuth.Tests.Identity;

/// <summary>The bounded, expiring, single-flight cache the <c>/mcp</c> credential checks read users and organizations through.</summary>
public sealed class RowCacheTests
{
    private static readonly TimeSpan s_lifetime = TimeSpan.FromSeconds(5);
    private readonly ManualTimeProvider _time = new();
    private int _reads;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private RowCache<string, string> Cache(int capacity = 100, TimeSpan? lifetime = null) => new(lifetime ?? s_lifetime, capacity, _time);

    /// <summary>A read that answers at once with the key and the read's number.</summary>
    private Task<string?> Read(string key, CancellationToken cancellationToken) =>
        Task.FromResult<string?>($"{key}#{Interlocked.Increment(ref _reads)}");

    [Fact]
    public async Task ARow_IsReusedUntilTheLifetimeHasPassed_ThenReadAgain()
    {
        RowCache<string, string> cache = Cache();

        string? first = await cache.GetAsync("u", Read, Cancel);
        _time.Advance(s_lifetime - TimeSpan.FromMilliseconds(1));
        string? justBefore = await cache.GetAsync("u", Read, Cancel);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        string? after = await cache.GetAsync("u", Read, Cancel);

        Assert.Equal(("u#1", "u#1", "u#2"), (first, justBefore, after));
    }

    [Fact]
    public async Task ConcurrentMisses_ForOneRow_ShareOneRead()
    {
        RowCache<string, string> cache = Cache();
        var stored = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<string?> Slow(string key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            return stored.Task;
        }

        Task<string?>[] waiting = [cache.GetAsync("u", Slow, Cancel), cache.GetAsync("u", Slow, Cancel), cache.GetAsync("u", Slow, Cancel)];
        Assert.Equal(1, _reads);
        Assert.DoesNotContain(waiting, t => t.IsCompleted);
        stored.SetResult("row");

        Assert.Equal(["row", "row", "row"], (await Task.WhenAll(waiting)).Select(r => r!));
        Assert.Equal(1, _reads);
    }

    [Fact]
    public async Task AFailedRead_FailsItsWaiters_AndIsNotKept()
    {
        RowCache<string, string> cache = Cache();
        var stored = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<string?> Failing(string key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            return stored.Task;
        }

        Task<string?> first = cache.GetAsync("u", Failing, Cancel);
        Task<string?> second = cache.GetAsync("u", Failing, Cancel);
        stored.SetException(new TimeoutException("storage is down"));

        await Assert.ThrowsAsync<TimeoutException>(() => first);
        await Assert.ThrowsAsync<TimeoutException>(() => second);
        Assert.Equal(0, cache.Count);
        Assert.Equal("u#2", await cache.GetAsync("u", Read, Cancel));
    }

    [Fact]
    public async Task AMissingRow_IsKeptLikeAnyOther()
    {
        RowCache<string, string> cache = Cache();
        Task<string?> Missing(string key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            return Task.FromResult<string?>(null);
        }

        Assert.Null(await cache.GetAsync("ghost", Missing, Cancel));
        Assert.Null(await cache.GetAsync("ghost", Missing, Cancel));

        Assert.Equal(1, _reads);
    }

    [Fact]
    public async Task ACallerThatStopsWaiting_DoesNotCancelTheReadOthersShare()
    {
        RowCache<string, string> cache = Cache();
        var stored = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool readCancellable = true;
        Task<string?> Slow(string key, CancellationToken cancellationToken)
        {
            readCancellable = cancellationToken.CanBeCanceled;
            return stored.Task;
        }

        using var leaving = new CancellationTokenSource();
        Task<string?> left = cache.GetAsync("u", Slow, leaving.Token);
        Task<string?> staying = cache.GetAsync("u", Slow, Cancel);
        await leaving.CancelAsync();
        stored.SetResult("row");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left);
        Assert.Equal("row", await staying);
        Assert.False(readCancellable);
    }

    [Fact]
    public async Task Forget_MakesTheNextCallerReadAgain()
    {
        RowCache<string, string> cache = Cache();
        await cache.GetAsync("u", Read, Cancel);

        cache.Forget("u");

        Assert.Equal("u#2", await cache.GetAsync("u", Read, Cancel));
    }

    [Fact]
    public async Task AZeroLifetime_ReadsEveryTime_AndKeepsNothing()
    {
        RowCache<string, string> cache = Cache(lifetime: TimeSpan.Zero);

        await cache.GetAsync("u", Read, Cancel);
        await cache.GetAsync("u", Read, Cancel);

        Assert.Equal((2, 0), (_reads, cache.Count));
    }

    [Fact]
    public async Task TheCount_NeverPassesTheCapacity()
    {
        RowCache<string, string> cache = Cache(capacity: 10);
        int most = 0;

        for (int i = 0; i < 95; i++)
        {
            await cache.GetAsync("u" + i, Read, Cancel);
            most = Math.Max(most, cache.Count);
        }

        Assert.Equal(10, most);
        Assert.InRange(cache.Count, 1, 10);
    }

    [Fact]
    public async Task WhenFull_ExpiredRowsMakeRoomFirst_AndLiveOnesStay()
    {
        RowCache<string, string> cache = Cache(capacity: 10);
        for (int i = 0; i < 5; i++)
            await cache.GetAsync("old" + i, Read, Cancel);
        _time.Advance(TimeSpan.FromSeconds(3));
        for (int i = 0; i < 5; i++)
            await cache.GetAsync("new" + i, Read, Cancel);
        _time.Advance(TimeSpan.FromSeconds(3));

        await cache.GetAsync("one-more", Read, Cancel);
        int readsBefore = _reads;
        for (int i = 0; i < 5; i++)
            await cache.GetAsync("new" + i, Read, Cancel);

        Assert.Equal(6, cache.Count);
        Assert.Equal(readsBefore, _reads);
    }

    [Fact]
    public async Task WhenFullOfLiveRows_EverythingIsDropped_AndReadAgainOnDemand()
    {
        RowCache<string, string> cache = Cache(capacity: 10);
        for (int i = 0; i < 10; i++)
            await cache.GetAsync("u" + i, Read, Cancel);

        await cache.GetAsync("one-more", Read, Cancel);

        Assert.Equal(1, cache.Count);
        Assert.Equal("u0#12", await cache.GetAsync("u0", Read, Cancel));
    }
}
