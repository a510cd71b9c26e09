using Azure;
using Azure.Data.Tables;
using FunctionsMcp.OAuth.Authorization;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Settings;
using FunctionsMcp.Storage.Authorization;
using FunctionsMcp.Storage.Settings;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Storage.Tests.Authorization;

/// <summary>
/// Pruning against Azurite with a hand-moved clock. The state tables have fixed names, so each test starts from
/// empty ones; the tests of this class run one after another, and the only other class of this assembly that uses
/// these tables is in the same collection, so never at the same time.
/// </summary>
[Collection(StateTables)]
public sealed class StatePruningTests(AzuriteFixture azurite) : IAsyncLifetime
{
    /// <summary>The collection of the test classes that use the fixed-name state tables.</summary>
    public const string StateTables = "oauthstate";

    private static readonly TimeSpan s_unclaimedLifetime = new OAuthClientOptions().UnusedRegistrationLifetime;
    private readonly ManualTimeProvider _time = new();
    private DateTimeOffset _start;
    private TableAuthorizationStateStore _state = null!;
    private TableClientStore _clients = null!;
    private TableSettingsSessionStore _sessions = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        foreach (string table in new[] { TableNames.AuthorizationState, TableNames.Clients })
        {
            try
            {
                await service.DeleteTableAsync(table, Cancel);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }
        }

        (_state, _clients) = Stores();
        _sessions = new TableSettingsSessionStore(new TableProvider(new TableServiceClient(azurite.ConnectionString)));
        _start = _time.GetUtcNow();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private (TableAuthorizationStateStore, TableClientStore) Stores()
    {
        var tables = new TableProvider(new TableServiceClient(azurite.ConnectionString));
        return (new TableAuthorizationStateStore(tables), new TableClientStore(tables));
    }

    private StatePruning Pruning(TableAuthorizationStateStore state, TableClientStore clients) =>
        new(state, clients, _sessions, Options.Create(new OAuthClientOptions()), _time, NullLogger<StatePruning>.Instance);

    private Task AddSessionAsync(string hash, TimeSpan expiresIn) =>
        _sessions.AddAsync(new SettingsSession(hash, "org", "user", _start, _start + expiresIn), Cancel);

    private Task AddRequestAsync(string id, TimeSpan expiresIn) =>
        _state.AddRequestAsync(new PendingAuthorization(id, "client", "https://app.example/cb", null, "challenge", ["a"], "browser", _start + expiresIn), Cancel);

    private Task AddCodeAsync(string hash, TimeSpan expiresIn, bool used = false) =>
        _state.AddCodeAsync(new AuthorizationCode(hash, "org", "user", "gr_1", "client", "https://app.example/cb", "challenge", ["a"],
            _start + expiresIn, used ? _start : null), Cancel);

    private Task AddRefreshTokenAsync(string hash, TimeSpan expiresIn, bool rotated = false) =>
        _state.AddRefreshTokenAsync(new RefreshToken(hash, "org", "gr_1", "client", ["a"], _start, _start + expiresIn, rotated ? _start : null), Cancel);

    private Task<bool> AddAssertionIdAsync(string jti, TimeSpan expiresIn) =>
        _state.UseAssertionIdAsync("client", jti, _start + expiresIn, _start, Cancel);

    private Task AddClientAsync(string id, ClientKind kind, DateTimeOffset createdAt) =>
        _clients.AddAsync(new OAuthClient(id, kind, "App", ["https://app.example/cb"], null, null, kind == ClientKind.Confidential ? "org" : null, createdAt), Cancel);

    [Fact]
    public async Task ExpiredRowsOfEachKindGo_LiveRowsStay_AndASecondRunDeletesNothing()
    {
        TimeSpan soon = TimeSpan.FromMinutes(10), later = TimeSpan.FromDays(30);
        await AddRequestAsync("old1", soon);
        await AddRequestAsync("old2", soon);
        await AddRequestAsync("live", later);
        await AddCodeAsync("old", soon);
        await AddCodeAsync("oldused", soon, used: true);
        await AddCodeAsync("liveused", later, used: true);
        await AddRefreshTokenAsync("old", soon);
        await AddRefreshTokenAsync("oldrotated", soon, rotated: true);
        await AddRefreshTokenAsync("liverotated", later, rotated: true);
        await AddAssertionIdAsync("old1", soon);
        await AddAssertionIdAsync("old2", soon);
        await AddAssertionIdAsync("live", later);
        await _state.SaveConsentAsync(new Consent("org", "user", "client", ["a"], ["https://app.example/cb"], _start), Cancel);
        await AddClientAsync("dyn_unclaimed", ClientKind.Dynamic, _start);
        await AddClientAsync("dyn_claimed", ClientKind.Dynamic, _start);
        await _clients.TouchAsync("dyn_claimed", _start.AddHours(1), Cancel);
        await AddClientAsync("cc_old", ClientKind.Confidential, _start);
        await AddSessionAsync("old1", soon);
        await AddSessionAsync("old2", soon);
        await AddSessionAsync("extended", soon);
        await _sessions.ExtendAsync("extended", _start + later, Cancel);
        _time.Advance(s_unclaimedLifetime + TimeSpan.FromHours(1));
        await AddClientAsync("dyn_young", ClientKind.Dynamic, _time.GetUtcNow());

        PruneResult first = await Pruning(_state, _clients).RunAsync(100, Cancel);
        PruneResult second = await Pruning(_state, _clients).RunAsync(100, Cancel);

        Assert.Equal(new PruneResult(2, 2, 2, 2, 1, 2), first);
        Assert.Equal(0, second.Total);
        Assert.Null(await _state.GetRequestAsync("old1", Cancel));
        Assert.NotNull(await _state.GetRequestAsync("live", Cancel));
        Assert.Null(await _state.GetCodeAsync("oldused", Cancel));
        Assert.NotNull(await _state.GetCodeAsync("liveused", Cancel));
        Assert.Null(await _state.GetRefreshTokenAsync("oldrotated", Cancel));
        Assert.NotNull(await _state.GetRefreshTokenAsync("liverotated", Cancel));
        Assert.False(await _state.UseAssertionIdAsync("client", "live", _time.GetUtcNow() + later, _time.GetUtcNow(), Cancel));
        Assert.NotNull(await _state.GetConsentAsync("org", "user", "client", Cancel));
        Assert.Null(await _clients.GetAsync("dyn_unclaimed", Cancel));
        Assert.NotNull(await _clients.GetAsync("dyn_claimed", Cancel));
        Assert.NotNull(await _clients.GetAsync("dyn_young", Cancel));
        Assert.NotNull(await _clients.GetAsync("cc_old", Cancel));
        Assert.Null(await _sessions.GetAsync("old1", Cancel));
        Assert.NotNull(await _sessions.GetAsync("extended", Cancel));
    }

    [Fact]
    public async Task EachRun_DeletesAtMostTheBoundPerKind_AndTheRestGoesNextTime()
    {
        for (int i = 0; i < 5; i++)
        {
            await AddRequestAsync($"r{i}", TimeSpan.FromMinutes(10));
            await AddCodeAsync($"c{i}", TimeSpan.FromMinutes(10));
        }

        _time.Advance(TimeSpan.FromHours(1));
        StatePruning pruning = Pruning(_state, _clients);

        PruneResult[] runs = [await pruning.RunAsync(2, Cancel), await pruning.RunAsync(2, Cancel), await pruning.RunAsync(2, Cancel), await pruning.RunAsync(2, Cancel)];

        Assert.Equal([2, 2, 1, 0], runs.Select(r => r.SignInRequests));
        Assert.Equal([2, 2, 1, 0], runs.Select(r => r.AuthorizationCodes));
    }

    [Fact]
    public async Task TwoInstancesPruningAtOnce_DeleteEachRowOnce_WithoutFailing()
    {
        const int PerKind = 12;
        for (int i = 0; i < PerKind; i++)
        {
            await AddRequestAsync($"r{i}", TimeSpan.FromMinutes(10));
            await AddCodeAsync($"c{i}", TimeSpan.FromMinutes(10), used: i % 2 == 0);
            await AddRefreshTokenAsync($"t{i}", TimeSpan.FromMinutes(10));
            await AddAssertionIdAsync($"j{i}", TimeSpan.FromMinutes(10));
            await AddClientAsync($"dyn_{i}", ClientKind.Dynamic, _start);
        }

        _time.Advance(s_unclaimedLifetime + TimeSpan.FromHours(1));
        (TableAuthorizationStateStore otherState, TableClientStore otherClients) = Stores();

        PruneResult[] results = await Task.WhenAll(
            Task.Run(() => Pruning(_state, _clients).RunAsync(100, Cancel), Cancel),
            Task.Run(() => Pruning(otherState, otherClients).RunAsync(100, Cancel), Cancel));

        Assert.Equal(PerKind, results.Sum(r => r.SignInRequests));
        Assert.Equal(PerKind, results.Sum(r => r.AuthorizationCodes));
        Assert.Equal(PerKind, results.Sum(r => r.RefreshTokens));
        Assert.Equal(PerKind, results.Sum(r => r.AssertionIds));
        Assert.Equal(PerKind, results.Sum(r => r.ClientRegistrations));
        Assert.Equal(0, (await Pruning(_state, _clients).RunAsync(100, Cancel)).Total);
    }

    /// <summary>Finishing a sign-in request is single use: of two instances holding the same read, only one wins.</summary>
    [Fact]
    public async Task DeleteRequest_AfterAnotherInstanceDeletedIt_ReturnsFalse()
    {
        await AddRequestAsync("once", TimeSpan.FromMinutes(10));
        PendingAuthorization read = (await _state.GetRequestAsync("once", Cancel))!;
        (TableAuthorizationStateStore other, _) = Stores();

        Assert.True(await other.DeleteRequestAsync(read, Cancel));
        Assert.False(await _state.DeleteRequestAsync(read, Cancel));
    }
}
