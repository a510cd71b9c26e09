using System.Text.Json;
using FunctionsMcp.OAuth.Authorization;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Settings;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Cli.Tests.Lifecycle;

/// <summary>
/// <c>state prune</c> against the app's own state: one row of each kind past its use and one still in use, made
/// through the app's stores. The state tables are shared by every test of the assembly; the only other class that
/// writes them (<see cref="Commands.TokenEndpointTests"/>) makes refresh tokens good for 30 days, so the exact counts
/// here are this test's rows. No clock moves: the expired rows are made already past their time.
/// </summary>
public sealed class StatePruneTests(AzuriteFixture azurite) : LifecycleTest(azurite)
{
    private static readonly TimeSpan s_past = -TimeSpan.FromMinutes(1), s_future = TimeSpan.FromMinutes(10);

    private readonly string _id = Guid.NewGuid().ToString("N")[..12];

    private IAuthorizationStateStore State => Server.Services.GetRequiredService<IAuthorizationStateStore>();

    private ISettingsSessionStore Sessions => Server.Services.GetRequiredService<ISettingsSessionStore>();

    private DateTimeOffset Now => Cli.Time.GetUtcNow();

    private string Id(string name) => $"{name}{_id}";

    /// <summary>An expired and a live row of each kind (two dynamic registrations are kept: one allowed, one young).</summary>
    private async Task SeedAsync()
    {
        foreach ((string name, TimeSpan expiresIn) in new[] { ("old", s_past), ("live", s_future) })
        {
            await State.AddRequestAsync(new PendingAuthorization(Id(name), "client", "https://app.example/cb", null, "challenge", ["a"], "browser", Now + expiresIn), Cancel);
            await State.AddCodeAsync(new AuthorizationCode(Id(name), Org, "coordinator", "gr_1", "client", "https://app.example/cb", "challenge", ["a"],
                Now + expiresIn, UsedAt: Now + s_past), Cancel);
            await State.AddRefreshTokenAsync(new RefreshToken(Id(name), Org, "gr_1", "client", ["a"], Now + s_past, Now + expiresIn), Cancel);
            Assert.True(await State.UseAssertionIdAsync("client", Id(name), Now + expiresIn, Now + TimeSpan.FromMinutes(-5), Cancel));
            await Sessions.AddAsync(new SettingsSession(Id(name), Org, "coordinator", Now + s_past, Now + expiresIn), Cancel);
        }

        TimeSpan grace = new OAuthClientOptions().UnusedRegistrationLifetime;
        await AddRegistrationAsync("unclaimed", Now - grace - TimeSpan.FromHours(1));
        await AddRegistrationAsync("claimed", Now - grace - TimeSpan.FromHours(1));
        await Cli.Clients.TouchAsync(Id("claimed"), Now - grace, Cancel);
        await AddRegistrationAsync("young", Now - TimeSpan.FromHours(1));
    }

    private Task AddRegistrationAsync(string name, DateTimeOffset createdAt) =>
        Cli.Clients.AddAsync(new OAuthClient(Id(name), ClientKind.Dynamic, "App", ["https://app.example/cb"], null, null, null, createdAt), Cancel);

    [Fact]
    public async Task Prune_DeletesWhatIsPastItsUse_KeepsWhatIsLive_AndPrintsHowManyOfEach()
    {
        await SeedAsync();

        CliResult result = await SucceedsAsync("state", "prune");

        Assert.Equal(
            [
                "Deleted:",
                "KIND                                                ROWS",
                "sign-in requests that expired unfinished            1",
                "authorization codes past their expiry, used or not  1",
                "refresh tokens past their expiry, rotated or not    1",
                "client assertion ids (jti) past their expiry        1",
                "dynamic registrations nobody allowed in time        1",
                "settings sessions that expired                      1",
                "total                                               6",
                "",
            ],
            result.OutputLines);
        Assert.Null(await State.GetRequestAsync(Id("old"), Cancel));
        Assert.NotNull(await State.GetRequestAsync(Id("live"), Cancel));
        Assert.Null(await State.GetCodeAsync(Id("old"), Cancel));
        Assert.NotNull(await State.GetCodeAsync(Id("live"), Cancel));
        Assert.Null(await State.GetRefreshTokenAsync(Id("old"), Cancel));
        Assert.NotNull(await State.GetRefreshTokenAsync(Id("live"), Cancel));
        // A live assertion id is still there to refuse its replay.
        Assert.False(await State.UseAssertionIdAsync("client", Id("live"), Now + s_future, Now, Cancel));
        Assert.Null(await Sessions.GetAsync(Id("old"), Cancel));
        Assert.NotNull(await Sessions.GetAsync(Id("live"), Cancel));
        Assert.Null(await Cli.Clients.GetAsync(Id("unclaimed"), Cancel));
        Assert.NotNull(await Cli.Clients.GetAsync(Id("claimed"), Cancel));
        Assert.NotNull(await Cli.Clients.GetAsync(Id("young"), Cancel));

        CliResult again = await SucceedsAsync("state", "prune", "--json");

        Assert.Equal(0, JsonDocument.Parse(again.Output).RootElement.GetProperty("rows").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Prune_DryRun_CountsTheSameRowsAndDeletesNone()
    {
        await SeedAsync();

        CliResult dryRun = await SucceedsAsync("state", "prune", "--dry-run");

        Assert.Equal("Dry run: nothing was deleted. These rows would be:", dryRun.OutputLines[0]);
        Assert.Equal("total                                               6", dryRun.OutputLines[^2]);
        Assert.NotNull(await State.GetRequestAsync(Id("old"), Cancel));
        Assert.NotNull(await State.GetCodeAsync(Id("old"), Cancel));
        Assert.NotNull(await State.GetRefreshTokenAsync(Id("old"), Cancel));
        Assert.NotNull(await Sessions.GetAsync(Id("old"), Cancel));
        Assert.NotNull(await Cli.Clients.GetAsync(Id("unclaimed"), Cancel));

        CliResult pruned = await SucceedsAsync("state", "prune");

        Assert.Equal(dryRun.OutputLines[1..], pruned.OutputLines[1..]);
        Assert.Null(await State.GetRequestAsync(Id("old"), Cancel));
    }
}
